import { ApiError } from '../../api';

/** The same answer as an error of one field, so that a form shows it under that
 * field: for answers about what the field holds that carry no field themselves
 * (a wrong code, a domain already listed). */
export function onField(err: ApiError, field: string): ApiError {
  return new ApiError(err.status, err.code, err.message, [{ field, code: err.code, message: err.message }], err.requestId);
}
