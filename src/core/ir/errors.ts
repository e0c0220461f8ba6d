// A model file that cannot be read at all. The message always names the file, and where it can,
// the byte offset and the field being read, so a user can tell a truncated download from a bug.

export class ModelReadError extends Error {
  readonly file: string;
  readonly offset: number | undefined;
  readonly field: string | undefined;

  constructor(file: string, problem: string, where?: { offset?: number; field?: string }) {
    const parts: string[] = [];
    if (where?.field) parts.push(`in ${where.field}`);
    if (where?.offset !== undefined) parts.push(`at byte ${where.offset}`);
    super(`${file}: ${problem}${parts.length ? ` (${parts.join(', ')})` : ''}`);
    this.name = 'ModelReadError';
    this.file = file;
    this.offset = where?.offset;
    this.field = where?.field;
  }
}
