/** Why a partner is suggested for a gap, in words a coordinator reads (the API sends codes). */
const REASON_WORDS: Record<string, string> = {
  offers_asked_service: 'offers a service this goal asks for',
  offers_service_for_area: "offers a service that suits the goal's area",
  focus_area_fits: "focuses on the goal's area",
  works_in_district: 'already works in this district',
  works_at_similar_schools: 'works at schools of the same level and locale',
};

export function reasonWords(code: string): string {
  return REASON_WORDS[code] ?? code.replaceAll('_', ' ');
}

/** "Offers a service this goal asks for and already works in this district." */
export function reasonsSentence(codes: readonly string[]): string {
  const words = codes.map(reasonWords);
  if (words.length === 0) return '';
  const joined = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
  return `${joined.charAt(0).toUpperCase()}${joined.slice(1)}.`;
}
