import type { ErrorKind } from "./ErrorKind";
import type { FieldError } from "./FieldError";

export type CommandError = { kind: ErrorKind, message: string, field: string | null, fields: Array<FieldError>, };
