import { useMe } from './session';

/** Whether the signed-in account may change records at all (viewers read only). */
export function useCanWrite(): boolean {
  const me = useMe();
  return Boolean(me.data && !me.data.read_only);
}

/** Programmes are started by a district's managers or by administrators. */
export function useCanRunPrograms(): boolean {
  const me = useMe();
  return Boolean(me.data && !me.data.read_only && (me.data.everything || me.data.role === 'district_manager'));
}
