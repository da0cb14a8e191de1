import { useMe } from '../auth/session';

/** Administrators and district managers run imports; the API refuses everyone else. */
export function useCanImport(): { pending: boolean; allowed: boolean; isAdmin: boolean } {
  const me = useMe();
  const isAdmin = Boolean(me.data?.everything);
  return {
    pending: me.isPending,
    allowed: isAdmin || (me.data?.role === 'district_manager' && !me.data.read_only),
    isAdmin,
  };
}
