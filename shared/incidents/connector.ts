/**
 * What every pull connector is: its declared fields, its own input checks, a test and a pull.
 * The HTTP connectors live in `connectors.ts`, CloudWatch (AWS APIs) in `cloudwatch-pull.ts`;
 * `connections.ts` drives them all through this one interface.
 */
import type { CloudWatchApi } from './cloudwatch-pull.ts';
import type { Signal } from './model.ts';

export type Fetcher = (url: string, init: { headers: Record<string, string> }) => Promise<{ status: number; text(): Promise<string> }>;

/** What a connection holds: its endpoint and options (`config`, shown) and its secret (`credentials`, sealed). */
export interface ConnectorInput {
  config: Record<string, string>;
  credentials: Record<string, string>;
}

/** One pulled item: a signal and a key that stays the same across pulls (repeated pulls add nothing). */
export interface Pulled {
  key: string;
  signal: Signal;
}

/** What a test or pull may use besides the connection's input. */
export interface ConnectorContext {
  connectionId: string;
  fetcher: Fetcher;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** AWS access for CloudWatch (only the functions that test and pull carry it). */
  cloudwatch?: CloudWatchApi;
}

/** Where a pull starts: the window's start, and the checkpoint the last pull left (JSON, the connector's own shape). */
export interface PullFrom {
  since: Date;
  checkpoint?: string;
}

/** A pull's signals and, for a connector that keeps one, the checkpoint the next pull starts from. */
export interface PullResult {
  pulled: Pulled[];
  checkpoint?: string;
}

export interface Connector {
  /** Config fields (required) and the credential field whose end is shown as the hint. */
  configFields: string[];
  secretField: string;
  /** The source's own checks of what was entered (beyond required fields and URLs): a problem's text, or undefined. */
  checkInput?(input: ConnectorInput): string | undefined;
  /** "Test connection": the cheapest call that proves the input works; a SourceError says why not. */
  test(input: ConnectorInput, context: ConnectorContext): Promise<string>;
  pull(input: ConnectorInput, context: ConnectorContext, from: PullFrom): Promise<PullResult>;
}

/** A source's own failure (unreachable, refused, misconfigured): shown on the connection, backed off, not thrown further. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}
