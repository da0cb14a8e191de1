import {
  AppShell,
  Burger,
  Button,
  Group,
  NavLink as MantineNavLink,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';

import {
  AdminIcon,
  AgreementIcon,
  GoalIcon,
  HomeIcon,
  ImpactIcon,
  ImportIcon,
  MentoringIcon,
  PartnerIcon,
  PeopleIcon,
  SchoolIcon,
} from './nav-icons';

const NAV = [
  { to: '/', label: 'Home', end: true, icon: <HomeIcon /> },
  { to: '/schools', label: 'Schools', icon: <SchoolIcon /> },
  { to: '/people', label: 'People', icon: <PeopleIcon /> },
  { to: '/partners', label: 'Partners', icon: <PartnerIcon /> },
  { to: '/agreements', label: 'Agreements', icon: <AgreementIcon /> },
  { to: '/goals', label: 'Goals', icon: <GoalIcon /> },
  { to: '/mentoring', label: 'Mentoring', icon: <MentoringIcon /> },
  { to: '/impact', label: 'Impact', icon: <ImpactIcon /> },
];
const ADMIN_NAV = [
  { to: '/imports', label: 'Imports', icon: <ImportIcon /> },
  { to: '/admin', label: 'Administration', icon: <AdminIcon /> },
];

export function Shell({
  userName,
  administers = false,
  onSignOut,
  children,
}: {
  userName: string | undefined;
  /** Administrators and district managers see the Administration section. */
  administers?: boolean;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const isActive = (to: string, end?: boolean) =>
    end ? location.pathname === to : location.pathname.startsWith(to);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <UnstyledButton component={NavLink} to="/" aria-label="Trellis home">
              <Text fw={800} size="lg" c="blue.8">
                Trellis
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {userName && (
              <Text size="sm" visibleFrom="xs" truncate maw={220}>
                {userName}
              </Text>
            )}
            <Button variant="default" size="xs" onClick={onSignOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {(administers ? [...NAV, ...ADMIN_NAV] : NAV).map((item: (typeof NAV)[number]) => (
            <MantineNavLink
              key={item.to}
              component={NavLink}
              to={item.to}
              end={item.end}
              label={item.label}
              leftSection={item.icon}
              active={isActive(item.to, item.end)}
              onClick={close}
            />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
