/**
 * A position as the screen names it: its name from the round or election when known, else the
 * usual names of the usual keys, else 其他职位 — never the key itself (issue 10: chair, vice_chair
 * are engineers' words).
 */
const USUAL: Record<string, string> = {
  chair: '主任',
  vice_chair: '副主任',
  member: '委员',
  women_member: '妇女委员',
  secretary: '书记',
  deputy_secretary: '副书记',
};

export function positionWord(key: string, known?: string | null): string {
  return known ?? USUAL[key] ?? '其他职位';
}
