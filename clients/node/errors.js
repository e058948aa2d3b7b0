// KilnError: a compiled function's Python exception (or Kiln's own error for bad input), with the
// exception's class name, CPython's message, and the Python file and line that raised it.

export class KilnError extends Error {
  constructor(type, message, file = "", line = 0) {
    super(`${type}: ${message}`);
    this.name = "KilnError";
    this.type = type;
    this.pythonMessage = message;
    this.file = file;
    this.line = line;
  }
}

// Turns a failed call's kiln_error into a KilnError, releasing it.
export function takeError(api, error) {
  if (!error) return new KilnError("RuntimeError", "a Kiln call failed without reporting an error");
  try {
    return new KilnError(api.kiln_error_type(error) || "Exception", api.kiln_error_message(error) ?? "",
      api.kiln_error_file(error) ?? "", api.kiln_error_line(error));
  } finally {
    api.kiln_error_release(error);
  }
}

// Throws the call's error unless `status` is KILN_OK (0); `error` is the [pointer] out-parameter.
export function check(api, status, error) {
  if (status !== 0) throw takeError(api, error[0]);
}
