// Seeds a fresh API through its own endpoints (the generated SDK, so a contract change breaks
// the seed at type-check time): two districts, 60 schools, contacts, a partner and its contact.
import { createClient, createConfig } from '../../src/api/gen/client';
import {
  activateAgreement,
  bulkUpsertPeople,
  createAgreement,
  bulkUpsertSchools,
  createDistrict,
  createPartner,
  createRoleAssignment,
  getMe,
  issueToken,
  listPeople,
  proposeAgreement,
  updateUser,
} from '../../src/api/gen/sdk.gen';
import type { SchoolLevel, SchoolUpsert } from '../../src/api/gen/types.gen';

export type Seeded = {
  mapleGroveId: string;
  agreementId: string;
  secondAgreementId: string;
  districtIds: string[];
  partnerId: string;
  partnerContactId: string;
  principalId: string;
  adminPersonId: string;
};

export async function token(apiUrl: string, email: string, password: string): Promise<string> {
  const api = createClient(createConfig({ baseUrl: apiUrl }));
  const { data } = await issueToken({
    client: api,
    body: { grant_type: 'password', username: email, password },
    throwOnError: true,
  });
  return data.access_token;
}

const TOWNS = ['Oakridge', 'Cedar Falls', 'Pine Hollow', 'Willow Creek', 'Birchwood', 'Aspen', 'Elm Park', 'Hawthorne', 'Juniper', 'Redwood'];
const KINDS: [string, SchoolLevel, string, string][] = [
  ['Elementary', 'elementary', 'KG', '05'],
  ['Middle', 'middle', '06', '08'],
  ['High', 'high', '09', '12'],
];

export async function seed(apiUrl: string, email: string, password: string): Promise<Seeded> {
  const access = await token(apiUrl, email, password);
  const client = createClient(
    createConfig({ baseUrl: apiUrl, headers: { Authorization: `Bearer ${access}` } }),
  );
  const opts = { client, throwOnError: true as const };

  const riverside = await createDistrict({
    ...opts,
    body: { name: 'Riverside Unified', state: 'CA', city: 'Riverside', nces_leaid: '0699001' },
  });
  const lakeview = await createDistrict({
    ...opts,
    body: { name: 'Lakeview Public Schools', state: 'OR', city: 'Lakeview', nces_leaid: '4199002' },
  });
  const districts = [riverside.data, lakeview.data];

  const schools: SchoolUpsert[] = [
    {
      name: 'Maple Grove Elementary',
      district_id: riverside.data.id,
      state: 'CA',
      city: 'Riverside',
      level: 'elementary',
      grade_low: 'KG',
      grade_high: '05',
      locale_code: 21,
      enrollment: 412,
      nces_id: '069900100001',
      street: '100 Maple Ave',
      zip: '92501',
      phone: '951-555-0100',
      is_title_i: true,
    },
  ];
  for (let i = 0; i < 59; i++) {
    const [kind, level, low, high] = KINDS[i % 3];
    const district = districts[i % 2];
    schools.push({
      name: `${TOWNS[i % TOWNS.length]} ${kind}${i >= 30 ? ` ${Math.floor(i / 10)}` : ''}`,
      district_id: district.id,
      state: district.state,
      city: TOWNS[(i * 3) % TOWNS.length],
      level,
      grade_low: low as SchoolUpsert['grade_low'],
      grade_high: high as SchoolUpsert['grade_high'],
      locale_code: ([11, 21, 32, 42] as const)[i % 4],
      enrollment: 200 + ((i * 37) % 900),
      nces_id: `0699001${String(i + 2).padStart(5, '0')}`,
    });
  }
  const bulk = await bulkUpsertSchools({ ...opts, body: { items: schools }, query: { atomic: true } });
  const mapleGroveId = bulk.data.results[0].id!;

  await bulkUpsertPeople({
    ...opts,
    query: { atomic: true },
    body: {
      items: [
        { given_name: 'Ada', family_name: 'Lovelace', email: 'ada.lovelace@maplegrove.example.org', phone: '951-555-0101', preferred_channel: 'email', sis_id: 'P-1' },
        { given_name: 'Grace', family_name: 'Hopper', email: 'grace.hopper@maplegrove.example.org', preferred_channel: 'phone', sis_id: 'P-2' },
        { given_name: 'Sam', family_name: 'Rivera', email: 'sam@cityscape.example.org', preferred_channel: 'email', sis_id: 'P-3' },
        { given_name: 'Alex', family_name: 'Admin', email: 'alex.admin@riverside.example.org', sis_id: 'P-4' },
      ],
    },
  });
  const people = await listPeople({ ...opts, query: { limit: 50 } });
  const bySis = new Map(people.data.items.map((p) => [p.sis_id, p.id]));
  const [principalId, coordinatorId, partnerContactId, adminPersonId] = ['P-1', 'P-2', 'P-3', 'P-4'].map(
    (k) => bySis.get(k)!,
  );

  await createRoleAssignment({
    ...opts,
    body: { person_id: principalId, role: 'principal', school_id: mapleGroveId, is_primary: true, title: 'Principal' },
  });
  await createRoleAssignment({
    ...opts,
    body: { person_id: coordinatorId, role: 'partnerships_coordinator', school_id: mapleGroveId, title: 'Community schools coordinator' },
  });
  await createRoleAssignment({
    ...opts,
    body: { person_id: adminPersonId, role: 'director', district_id: riverside.data.id, title: 'Director of partnerships' },
  });

  const partner = await createPartner({
    ...opts,
    body: {
      name: 'Cityscape Tutoring',
      kind: 'nonprofit',
      status: 'active',
      focus_areas: ['tutoring', 'mentoring'],
      city: 'Riverside',
      state: 'CA',
      email: 'hello@cityscape.example.org',
      description: 'After-school reading and math tutoring by trained volunteers.',
    },
  });
  await createRoleAssignment({
    ...opts,
    body: { person_id: partnerContactId, role: 'executive_director', partner_id: partner.data.id, title: 'Program director' },
  });
  await createPartner({
    ...opts,
    body: { name: 'Green Futures Coalition', kind: 'nonprofit', status: 'prospective', focus_areas: ['enrichment'] },
  });

  // An active agreement near its end with no meeting logged: expiring, and its check-ins overdue.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const agreement = await createAgreement({
    ...opts,
    body: {
      partner_id: partner.data.id,
      title: 'Reading Buddies',
      reference_code: 'MOU-2025-014',
      start_date: day(-300),
      end_date: day(30),
      signed_date: day(-310),
      school_ids: [mapleGroveId],
      services: [
        { category: 'tutoring', description: 'Twice-weekly reading tutoring', grade_levels: ['02', '03'], frequency: 'Tue and Thu', target_students: 40 },
      ],
      resources: [
        { type: 'volunteer_hours', amount: 600 },
        { type: 'funding', amount: 12000, note: 'Books and snacks' },
      ],
      communication_plan: {
        cadence: 'monthly',
        channels: ['email', 'in_person'],
        partner_contact_id: partnerContactId,
        school_contact_id: coordinatorId,
      },
    },
  });
  await proposeAgreement({ ...opts, path: { agreement_id: agreement.data.id } });
  const activated = await activateAgreement({ ...opts, path: { agreement_id: agreement.data.id }, body: {} });
  if (activated.data.status !== 'active') throw new Error(`seed: agreement is ${activated.data.status}`);

  // A second active agreement, met on schedule, for specs that log meetings: Reading Buddies
  // stays the one with overdue check-ins.
  const second = await createAgreement({
    ...opts,
    body: {
      partner_id: partner.data.id,
      title: 'Spring Rowing Taster',
      start_date: day(-30),
      end_date: day(200),
      school_ids: [mapleGroveId],
      services: [{ category: 'physical_activity', description: 'Rowing taster sessions' }],
    },
  });
  await proposeAgreement({ ...opts, path: { agreement_id: second.data.id } });
  await activateAgreement({ ...opts, path: { agreement_id: second.data.id }, body: {} });

  // Link the administrator to a directory person, so "assigned to me" has someone to mean.
  const me = await getMe({ ...opts });
  await updateUser({ ...opts, path: { user_id: me.data.id }, body: { person_id: adminPersonId } });

  return {
    mapleGroveId,
    agreementId: agreement.data.id,
    secondAgreementId: second.data.id,
    districtIds: districts.map((d) => d.id),
    partnerId: partner.data.id,
    partnerContactId,
    principalId,
    adminPersonId,
  };
}

// `npx tsx tests/e2e/seed.ts URL EMAIL` seeds a running API by hand (password on stdin).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, email] = process.argv.slice(2);
  let password = '';
  process.stdin.on('data', (d) => (password += d));
  process.stdin.on('end', () => {
    seed(url, email, password.trim()).then(
      (s) => console.log(JSON.stringify(s, null, 2)),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
}
