import { Anchor, Breadcrumbs, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';

import {
  getPartnerOptions,
  getPartnerQueryKey,
  listPartnersQueryKey,
  updatePartnerMutation,
} from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { PartnerForm } from '../features/partners/partner-form';
import { ifMatch } from '../lib/api';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { partnerId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Always edit the newest version: a stale cached copy would only earn a 412.
  const partner = useQuery({ ...getPartnerOptions({ path: { partner_id: partnerId } }), staleTime: 0 });
  const update = useMutation(updatePartnerMutation());
  usePageTitle(partner.data ? `Edit ${partner.data.name}` : 'Edit partner');
  if (partner.isPending) return <Loading label="Loading partner" />;
  if (partner.isError) return <ErrorState error={partner.error} />;
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/partners">
          Partners
        </Anchor>
        <Anchor component={Link} to={`/partners/${partnerId}`}>
          {partner.data.name}
        </Anchor>
      </Breadcrumbs>
      <Title order={1} mb="md">
        Edit {partner.data.name}
      </Title>
      <PartnerForm
        key={partner.data.id}
        partner={partner.data}
        onCancel={() => navigate(`/partners/${partnerId}`)}
        onSave={async (body, version) => {
          const saved = await update.mutateAsync({
            path: { partner_id: partnerId },
            body,
            headers: ifMatch(version!),
          });
          queryClient.setQueryData(getPartnerQueryKey({ path: { partner_id: partnerId } }), saved);
          void queryClient.invalidateQueries({ queryKey: listPartnersQueryKey() });
          notifications.show({ color: 'green', message: 'Partner saved.' });
          navigate(`/partners/${partnerId}`);
          return saved;
        }}
      />
    </>
  );
}
