import { useMe } from '../auth/session';

/** `created_by` names an account (`user:<id>`, `client:<id>`); the signed-in one reads as "you". */
export function useCreatedBy(): (createdBy: string) => string {
  const me = useMe();
  return (createdBy) => {
    if (me.data && createdBy === `${me.data.kind}:${me.data.id}`) return 'you';
    const [kind] = createdBy.split(':');
    return kind === 'client' ? 'an API client' : 'another user';
  };
}
