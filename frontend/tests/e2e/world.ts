// Records the page walks need beyond the shared seed, made through the API's own endpoints
// (the generated SDK). Each builder names its own records, so specs sharing a database do not
// see each other's goals or programmes.
import { createClient, createConfig } from '../../src/api/gen/client';
import {
  activateAgreement,
  bulkUpsertPeople,
  createAgreement,
  createAlignment,
  createGoal,
  createMatch,
  createMeasurement,
  createParticipant,
  createPartner,
  createProgram,
  createRoleAssignment,
  listPeople,
  listSchools,
  proposeAgreement,
} from '../../src/api/gen/sdk.gen';
import type { GoalArea, ServiceCategory, Strength } from '../../src/api/gen/types.gen';
import { currentSchoolYear } from '../../src/features/goals/vocabulary';
import type { E2E } from './fixtures';
import { token } from './seed';

export type Api = { client: ReturnType<typeof createClient>; throwOnError: true };

export async function asAdmin(e2e: E2E): Promise<Api> {
  const access = await token(e2e.apiUrl, e2e.admin.email, e2e.admin.password);
  return {
    client: createClient(createConfig({ baseUrl: e2e.apiUrl, headers: { Authorization: `Bearer ${access}` } })),
    throwOnError: true,
  };
}

export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export async function schoolNamed(api: Api, name: string): Promise<string> {
  const { data } = await listSchools({ ...api, query: { q: name, limit: 5 } });
  const school = data.items.find((s) => s.name === name);
  if (!school) throw new Error(`no seeded school named ${name}`);
  return school.id;
}

export async function partner(api: Api, name: string, focus: ServiceCategory): Promise<string> {
  const { data } = await createPartner({ ...api, body: { name, kind: 'nonprofit', status: 'active', focus_areas: [focus] } });
  return data.id;
}

export async function activeAgreement(
  api: Api,
  a: { partnerId: string; title: string; schoolId: string; category: ServiceCategory },
): Promise<string> {
  const { data } = await createAgreement({
    ...api,
    body: {
      partner_id: a.partnerId,
      title: a.title,
      start_date: day(-60),
      end_date: day(300),
      school_ids: [a.schoolId],
      services: [{ category: a.category, description: `${a.title} sessions` }],
    },
  });
  await proposeAgreement({ ...api, path: { agreement_id: data.id } });
  await activateAgreement({ ...api, path: { agreement_id: data.id }, body: {} });
  return data.id;
}

export type GoalPlan = {
  title: string;
  area: GoalArea;
  priority: number;
  baseline: number;
  target: number;
  /** Readings as [days from today, value]. */
  readings: [number, number][];
  metric: string;
  ask?: string;
  services?: ServiceCategory[];
};

export async function goal(api: Api, schoolId: string, plan: GoalPlan): Promise<string> {
  const { data } = await createGoal({
    ...api,
    body: {
      school_id: schoolId,
      school_year: currentSchoolYear(),
      title: plan.title,
      area: plan.area,
      priority: plan.priority,
      status: 'active',
      metric: plan.metric,
      unit: '%',
      baseline_value: plan.baseline,
      baseline_date: day(-120),
      target_value: plan.target,
      target_date: day(200),
      partner_ask: plan.ask ?? null,
      asked_services: plan.services ?? [],
    },
  });
  for (const [offset, value] of plan.readings) {
    await createMeasurement({ ...api, path: { goal_id: data.id }, body: { measured_on: day(offset), value, source: 'Benchmark' } });
  }
  return data.id;
}

export async function align(api: Api, goalId: string, agreementId: string, strength: Strength = 'supporting') {
  await createAlignment({ ...api, body: { goal_id: goalId, agreement_id: agreementId, strength } });
}

/** People with a key-contact role at the school: the first its principal, the rest coordinators. */
export async function keyContacts(api: Api, schoolId: string, names: [string, string][], sisPrefix: string) {
  await bulkUpsertPeople({
    ...api,
    query: { atomic: true },
    body: {
      items: names.map(([given_name, family_name], i) => ({
        given_name,
        family_name,
        sis_id: `${sisPrefix}-${i}`,
        email: `${given_name}.${family_name}@example.org`.toLowerCase(),
        phone: `555-010-${String(i).padStart(4, '0')}`,
      })),
    },
  });
  const { data } = await listPeople({ ...api, query: { sis_id: names.map((_, i) => `${sisPrefix}-${i}`), limit: 50 } });
  const bySis = new Map(data.items.map((p) => [p.sis_id, p.id]));
  for (const i of names.keys()) {
    await createRoleAssignment({
      ...api,
      body: {
        person_id: bySis.get(`${sisPrefix}-${i}`)!,
        school_id: schoolId,
        role: i === 0 ? 'principal' : 'partnerships_coordinator',
        is_primary: i === 0,
        title: i === 0 ? 'Principal' : 'Community schools coordinator',
      },
    });
  }
}

/** A coaching programme at the school with one active pair: ids for the mentoring pages. */
export async function coachingPair(api: Api, schoolId: string, districtId: string) {
  const names: [string, string][] = [['Carmen', 'Coach'], ['Theo', 'Trainee']];
  await bulkUpsertPeople({
    ...api,
    query: { atomic: true },
    body: { items: names.map(([given_name, family_name], i) => ({ given_name, family_name, sis_id: `CP-${i}` })) },
  });
  const people = await listPeople({ ...api, query: { sis_id: ['CP-0', 'CP-1'], limit: 5 } });
  const bySis = new Map(people.data.items.map((p) => [p.sis_id, p.id]));
  const program = await createProgram({
    ...api,
    body: { name: 'Instructional Coaching Pilot', kind: 'coaching', start_date: day(-100), status: 'active', district_id: districtId },
  });
  const enrol = async (i: number, role: 'mentor' | 'mentee') =>
    (
      await createParticipant({
        ...api,
        body: {
          program_id: program.data.id,
          person_id: bySis.get(`CP-${i}`)!,
          enrolled_on: day(-60),
          school_id: schoolId,
          school_level: 'middle',
          staff_role: 'teacher',
          role,
          years_experience: role === 'mentor' ? 15 : 2,
          capacity: role === 'mentor' ? 3 : null,
        },
      })
    ).data.id;
  const mentor = await enrol(0, 'mentor');
  const mentee = await enrol(1, 'mentee');
  const match = await createMatch({
    ...api,
    body: { program_id: program.data.id, mentor_id: mentor, mentee_id: mentee, status: 'active', started_on: day(-30) },
  });
  return { programId: program.data.id, matchId: match.data.id };
}

/** A dry run of a readings file (into a district, if named): a job with a diff, writing nothing. */
export async function dryRunImport(e2e: E2E, fileName: string, csv: string, districtId?: string): Promise<string> {
  const form = new FormData();
  form.append('kind', 'measurements');
  form.append('dry_run', 'true');
  if (districtId) form.append('district_id', districtId);
  form.append('file', new Blob([csv], { type: 'text/csv' }), fileName);
  const access = await token(e2e.apiUrl, e2e.admin.email, e2e.admin.password);
  const response = await fetch(`${e2e.apiUrl}/api/v1/imports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${access}` },
    body: form,
  });
  if (response.status !== 202) throw new Error(`import dry run: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
