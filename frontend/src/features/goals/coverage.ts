type Goal = { id: string; status?: string };
type Alignment = { goal_id: string; agreement_id: string };
type Agreement = { id: string; status: string };

/** Active goals with no active agreement aligned to them: the gaps. */
export function uncoveredGoals(goals: Goal[], alignments: Alignment[], agreements: Agreement[]): Set<string> {
  const active = new Set(agreements.filter((a) => a.status === 'active').map((a) => a.id));
  const covered = new Set(alignments.filter((a) => active.has(a.agreement_id)).map((a) => a.goal_id));
  return new Set(goals.filter((g) => g.status === 'active' && !covered.has(g.id)).map((g) => g.id));
}
