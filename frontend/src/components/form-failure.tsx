import { Alert } from '@mantine/core';

/** Why a form was not saved, for what no field of the form can show. */
export function FormFailure({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" role="alert" title="Not saved">
      {message}
    </Alert>
  );
}
