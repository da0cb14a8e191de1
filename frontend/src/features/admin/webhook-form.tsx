import { Stack, TagsInput, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  createWebhookMutation,
  listWebhookEventTypesOptions,
  listWebhooksQueryKey,
  updateWebhookMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { WebhookRead, WebhookWithSecret } from '../../api/gen/types.gen';
import { ifMatch } from '../../lib/api';
import { eventTypeChoices, invalidEventTypes } from './event-types';
import { FormFooter } from './form-footer';

/** Subscribes a URL to events, or changes where and which events an existing one receives. */
export function WebhookForm({
  webhook,
  onCreated,
  onSaved,
  onCancel,
}: {
  webhook?: WebhookRead;
  onCreated: (created: WebhookWithSecret) => void;
  onSaved: (saved: WebhookRead) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const create = useMutation(createWebhookMutation());
  const update = useMutation(updateWebhookMutation());
  // The same for everyone and for the life of a deployment.
  const eventTypes = useQuery({ ...listWebhookEventTypesOptions(), staleTime: Infinity });
  const [url, setUrl] = useState(webhook?.url ?? 'https://');
  const [types, setTypes] = useState<string[]>(webhook?.event_types ?? ['*']);
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [tried, setTried] = useState(false);
  const bad = invalidEventTypes(types, eventTypes.data);
  const errors = {
    url: /^https?:\/\/\S+\.\S+/.test(url.trim()) ? null : 'An http or https URL, like https://sis.example.org/hooks',
    types: types.length === 0 ? 'Choose at least one event type' : bad.length ? `Not an event type: ${bad.join(', ')}` : null,
  };
  const failed = create.error ?? update.error;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: listWebhooksQueryKey() });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (errors.url || errors.types) return;
    const body = { url: url.trim(), event_types: types, description: description.trim() || null };
    if (webhook) {
      update.mutate({ path: { webhook_id: webhook.id }, headers: ifMatch(webhook.version), body }, { onSuccess: (saved) => (refresh(), onSaved(saved)) });
    } else {
      create.mutate({ body }, { onSuccess: (created) => (refresh(), onCreated(created)) });
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label="URL" required type="url" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={tried ? errors.url : null} description="Deliveries are POSTed here, signed with the webhook's secret" />
        <TagsInput
          label="Event types"
          required
          description="“*” is every event you may read; “schools.*” every change to schools; “*.delete” every deletion"
          data={eventTypeChoices(eventTypes.data)}
          value={types}
          onChange={setTypes}
          clearable
          error={tried ? errors.types : null}
        />
        <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={200} />
        <FormFooter noun="webhook" editing={Boolean(webhook)} failed={failed} pending={create.isPending || update.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
