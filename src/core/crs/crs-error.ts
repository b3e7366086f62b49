/** A coordinate reference system problem in the input or the options (unknown, missing or unsupported CRS, point outside a grid). Messages start with "CRS: ". */
export class CrsError extends Error {
  constructor(message: string) {
    super(message.startsWith('CRS: ') ? message : `CRS: ${message}`);
    this.name = 'CrsError';
  }
}
