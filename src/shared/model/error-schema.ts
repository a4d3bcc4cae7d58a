import * as z from 'zod';
import { ERROR_CODES, type ErrorInfo } from './errors';
import { lazySchema } from './lazy-schema';

export const ErrorCodeSchema = lazySchema(() => z.enum(ERROR_CODES));

/** Checks an ErrorInfo (errors.ts) that crosses a boundary. */
export const ErrorInfoSchema = lazySchema(() =>
  z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    provider: z.string().optional(),
    hint: z.string().optional(),
    status: z.number().int().optional(),
  }),
);

// The schema and the interface describe the same shape (a compile error here when they drift).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof ErrorInfoSchema>, ErrorInfo> = true;
void sameShape;
