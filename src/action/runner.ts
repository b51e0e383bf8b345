/**
 * What the Action needs of the Actions runner: inputs, outputs, annotations, log lines and the job summary. main.ts
 * implements it with @actions/core (GitHub's toolkit, which owns the environment files, the workflow commands and
 * their escaping); tests pass a recording one.
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Where an annotation points, in @actions/core's terms (1-based lines and columns). */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

export interface Runner {
  /** An input, trimmed; '' when the workflow did not set it. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  annotate(level: AnnotationLevel, message: string, properties?: AnnotationProperties): void;
  /** Text for the step log, as it is (a report in another format). */
  log(text: string): void;
  /** Append Markdown to the job summary; a no-op outside Actions (no summary file). */
  appendSummary(markdown: string): Promise<void>;
  /** Bytes already in this step's summary file (GitHub's 1 MiB limit counts them too); undefined when there is none. */
  summarySize(): number | undefined;
}
