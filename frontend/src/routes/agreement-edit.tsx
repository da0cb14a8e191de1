import { Anchor, Breadcrumbs, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';

import {
  getAgreementOptions,
  getAgreementQueryKey,
  listAgreementsQueryKey,
  updateAgreementMutation,
} from '../api/gen/@tanstack/react-query.gen';
import type { AgreementUpdate } from '../api/gen/types.gen';
import { ErrorState, Loading } from '../components/page-states';
import { AgreementForm } from '../features/partners/agreement-form';
import { ifMatch } from '../lib/api';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { agreementId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Always edit the newest version: a stale cached copy would only earn a 412.
  const agreement = useQuery({ ...getAgreementOptions({ path: { agreement_id: agreementId } }), staleTime: 0 });
  const update = useMutation(updateAgreementMutation());
  usePageTitle(agreement.data ? `Edit ${agreement.data.title}` : 'Edit agreement');
  if (agreement.isPending) return <Loading label="Loading agreement" />;
  if (agreement.isError) return <ErrorState error={agreement.error} />;
  const a = agreement.data;
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/agreements">
          Agreements
        </Anchor>
        <Anchor component={Link} to={`/agreements/${a.id}`}>
          {a.title}
        </Anchor>
      </Breadcrumbs>
      <Title order={1} mb="md">
        Edit {a.title}
      </Title>
      <AgreementForm
        key={`${a.id}:${a.version}`}
        agreement={a}
        onCancel={() => navigate(`/agreements/${a.id}`)}
        onSave={async (body) => {
          const saved = await update.mutateAsync({
            path: { agreement_id: a.id },
            body: body as AgreementUpdate,
            headers: ifMatch(a.version),
          });
          queryClient.setQueryData(getAgreementQueryKey({ path: { agreement_id: a.id } }), saved);
          void queryClient.invalidateQueries({ queryKey: listAgreementsQueryKey() });
          notifications.show({ color: 'green', message: 'Agreement saved.' });
          navigate(`/agreements/${a.id}`);
        }}
      />
    </>
  );
}
