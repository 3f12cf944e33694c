/**
 * The conformance run over the real third-party samples (`npm run test:samples`): each area adds
 * a section (a folder of the samples and the checks it runs on it) to SECTIONS in
 * bin/test-samples.ts. Checks record a pass or a failure with what was found; the run prints them
 * and fails when any failed. The samples are read where they are, never copied.
 */

/** Records one check: `ok` passes it; `detail` says what was found when it does not. */
export type Check = (label: string, ok: boolean, detail?: unknown) => void;

export interface SampleSection {
  /** Shown in the output. */
  name: string;
  /** The section's folder under the samples folder; the section is skipped when it is missing. */
  folder: string;
  run(dir: string, check: Check): Promise<void>;
}
