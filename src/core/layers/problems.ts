/** What the layer readers report about records they could not read. Platform-free. */

/** A record that could not be read: file, 1-based line and what was expected; the other records still load. */
export interface LayerProblem {
  file?: string;
  line: number;
  message: string;
}
