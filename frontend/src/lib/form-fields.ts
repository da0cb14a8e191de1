// What several forms' fields share: how an optional text field is sent, and how it is checked.

/** An optional text field for the API: trimmed, or null when blank. */
export const optionalText = (s: string): string | null => (s.trim() ? s.trim() : null);

/** A check for an optional text field: blank passes, anything else must match `pattern`. */
export const optionalMatch =
  (pattern: RegExp, message: string) =>
  (v: string): string | null =>
    !v.trim() || pattern.test(v.trim()) ? null : message;

export const zipCode = optionalMatch(/^\d{5}(-\d{4})?$/, 'ZIP like 92501 or 92501-1234');
export const webAddress = optionalMatch(/^https?:\/\/\S+$/, 'A web address starting with https://');
/** `example`: the address the message offers, e.g. name@example.org. */
export const emailAddress = (example: string) => optionalMatch(/^\S+@\S+\.\S+$/, `An email address like ${example}`);
