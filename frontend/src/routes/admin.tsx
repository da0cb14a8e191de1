import { Tabs, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';

import { Forbidden, Loading } from '../components/page-states';
import { ApiClientsPanel } from '../features/admin/api-clients-panel';
import { UsersPanel } from '../features/admin/users-panel';
import { WebhooksPanel } from '../features/admin/webhooks-panel';
import { useMe } from '../features/auth/session';
import { usePageTitle } from '../lib/page-title';

const TITLES: Record<string, string> = { users: 'Users and roles', clients: 'API clients', webhooks: 'Webhooks' };

export function Component() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const admin = me.data?.role === 'admin';
  // Users and API clients are the administrators'; district managers keep their own webhooks.
  const tabs = admin ? ['users', 'clients', 'webhooks'] : ['webhooks'];
  const wanted = params.get('tab') ?? tabs[0];
  const tab = tabs.includes(wanted) ? wanted : tabs[0];
  usePageTitle(`${TITLES[tab]} · Administration`);
  if (me.isPending) return <Loading label="Loading administration" />;
  if (!admin && me.data?.role !== 'district_manager') return <Forbidden />;
  return (
    <>
      <Title order={1} mb="md">
        Administration
      </Title>
      <Tabs value={tab} onChange={(t) => t && setParams({ tab: t }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {TITLES[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {admin && (
          <Tabs.Panel value="users">
            <UsersPanel />
          </Tabs.Panel>
        )}
        {admin && (
          <Tabs.Panel value="clients">
            <ApiClientsPanel />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="webhooks">
          <WebhooksPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
