import type { ReactNode } from 'react';

/** Small line icons for the navigation, drawn inline so no icon font or library loads. */
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false">
      {children}
    </svg>
  );
}

export const HomeIcon = () => (
  <Icon>
    <path d="M3 11l9-8 9 8" />
    <path d="M5 10v10h14V10" />
    <path d="M10 20v-6h4v6" />
  </Icon>
);
export const SchoolIcon = () => (
  <Icon>
    <path d="M2 9l10-5 10 5-10 5z" />
    <path d="M6 11v5c3 2 9 2 12 0v-5" />
  </Icon>
);
export const PeopleIcon = () => (
  <Icon>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c.8-3.5 3.4-5.5 6.5-5.5s5.7 2 6.5 5.5" />
    <path d="M16 4.5a3.5 3.5 0 0 1 0 7" />
    <path d="M18 14.8c2 .7 3.2 2.5 3.6 5.2" />
  </Icon>
);
export const PartnerIcon = () => (
  <Icon>
    <path d="M3 7h18v13H3z" />
    <path d="M8 7V4h8v3" />
    <path d="M3 12h18" />
  </Icon>
);
export const AgreementIcon = () => (
  <Icon>
    <path d="M6 2h9l5 5v15H6z" />
    <path d="M14 2v6h6" />
    <path d="M9 13h7M9 17h5" />
  </Icon>
);
export const GoalIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="9" />
    <circle cx="12" cy="12" r="5" />
    <circle cx="12" cy="12" r="1" />
  </Icon>
);
export const MentoringIcon = () => (
  <Icon>
    <circle cx="8" cy="7" r="3" />
    <circle cx="17" cy="10" r="2.5" />
    <path d="M2.5 20c.6-3.5 2.8-5.5 5.5-5.5s4.9 2 5.5 5.5" />
    <path d="M14 20c.4-2.5 1.6-4 3-4s2.6 1.5 3 4" />
  </Icon>
);
export const ImpactIcon = () => (
  <Icon>
    <path d="M4 20V10" />
    <path d="M10 20V4" />
    <path d="M16 20v-7" />
    <path d="M2 20h20" />
  </Icon>
);
export const AdminIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="3" />
    <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1" />
  </Icon>
);
export const ImportIcon = () => (
  <Icon>
    <path d="M12 3v12" />
    <path d="M7 10l5 5 5-5" />
    <path d="M4 19h16" />
  </Icon>
);
