import { PING_INTERVAL_SECONDS, type RealtimeTicket, type ServerMessage } from '../../../../shared/realtime/protocol.ts';

/** What the tab's live connection is doing (shown discreetly in the top bar). */
export type LiveStatus = 'connecting' | 'live' | 'offline';

export interface LiveChannelOptions {
  /** Gets a ticket for the signed-in user (POST /v1/realtime/tickets). */
  ticket: () => Promise<RealtimeTicket>;
  onMessage: (message: Extract<ServerMessage, { type: 'event' | 'refresh' }>) => void;
  onStatus: (status: LiveStatus) => void;
  /** After a reconnect: what the tab shows may have changed meanwhile (no replay: re-read it). */
  onResume: () => void;
  /** Back-off of reconnects: first delay and cap (ms). */
  backoff?: { firstMs: number; maxMs: number };
}

/**
 * One WebSocket per tab (docs/realtime.md): a fresh ticket for each connection, a ping well
 * within the idle limit, reconnects with exponential back-off and jitter (at once when the
 * browser comes back online or the tab becomes visible), and a re-read after every reconnect.
 */
export class LiveChannel {
  private socket: WebSocket | undefined;
  private stopped = false;
  private attempt = 0;
  private everOpened = false;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private readonly seen = new Set<string>();
  private readonly options: LiveChannelOptions;

  constructor(options: LiveChannelOptions) {
    this.options = options;
    window.addEventListener('online', this.reconnectNow);
    window.addEventListener('offline', this.dropNow);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    window.removeEventListener('offline', this.dropNow);
    document.removeEventListener('visibilitychange', this.onVisible);
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    this.socket?.close(1000);
    this.socket = undefined;
  }

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') this.reconnectNow();
  };

  /** The browser says it is offline: the connection is as good as gone (it may linger half-open). */
  private readonly dropNow = () => {
    this.socket?.close(1000);
  };

  private readonly reconnectNow = () => {
    if (this.stopped || this.socket) return;
    window.clearTimeout(this.retryTimer);
    this.attempt = 0;
    void this.connect();
  };

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.options.onStatus('connecting');
    let ticket: RealtimeTicket;
    try {
      ticket = await this.options.ticket();
    } catch {
      return this.retryLater();
    }
    if (this.stopped) return;
    const socket = new WebSocket(ticket.url, ticket.protocols);
    this.socket = socket;
    socket.onopen = () => {
      const resumed = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.options.onStatus('live');
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => socket.send(JSON.stringify({ type: 'ping' })), PING_INTERVAL_SECONDS * 1000);
      if (resumed) this.options.onResume();
    };
    socket.onmessage = (e: MessageEvent<string>) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(e.data) as ServerMessage;
      } catch {
        return;
      }
      if (message.type !== 'event' && message.type !== 'refresh') return;
      // At-least-once delivery: an event seen already is dropped.
      if (this.seen.has(message.id)) return;
      this.seen.add(message.id);
      if (this.seen.size > 500) this.seen.delete(this.seen.values().next().value!);
      this.options.onMessage(message);
    };
    socket.onclose = () => {
      window.clearInterval(this.pingTimer);
      if (this.socket === socket) this.socket = undefined;
      this.retryLater();
    };
  }

  private retryLater(): void {
    if (this.stopped) return;
    this.options.onStatus('offline');
    const { firstMs, maxMs } = this.options.backoff ?? { firstMs: 1000, maxMs: 30_000 };
    const delay = Math.min(maxMs, firstMs * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt++;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => void this.connect(), delay);
  }
}
