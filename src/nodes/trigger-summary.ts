/**
 * Plain words for the triggers people pick most, for a node's status:
 * "People, Vehicles" reads better on a canvas than `MOTION_HUMAN`.
 */
const GROUP_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(MOTION_HUMAN|HUMAN_|PEOPLECOUNT_|POSE_)/, 'People'],
  [/^(MOTION_CAR|CAR_)/, 'Vehicles'],
  [/^MOTION_ANIMAL$/, 'Animals'],
  [/^FACE/, 'Faces'],
  [/^LICENSEPLATE/, 'Plates'],
  [/^(DOOR_|BADGE_|AC_)/, 'Doors'],
  [/^(SOUND_|AUDIO_SOUND_|IOT_SOUND_|IOT_GUNSHOT|GUN_)/, 'Sound'],
  [/TAMPER/, 'Tamper'],
  [/^MOTION$/, 'Motion'],
];

export function triggerSummary(triggers: readonly string[]): string[] {
  const labels = triggers.map(labelOf);
  return [...new Set(labels)];
}

function labelOf(trigger: string): string {
  for (const [pattern, label] of GROUP_RULES) {
    if (pattern.test(trigger)) return label;
  }

  return trigger
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
