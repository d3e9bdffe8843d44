// Roles a member can hold in a turn. Computed in code from the database and configuration at the
// start of every turn, never taken from anything the member or the model says.
export type Role = 'member' | 'organizer' | 'platform_admin' | 'platform_admin_verified';

export function computeRoles(input: { isOrganizer: boolean; isListedAdmin: boolean; totpFresh: boolean }): Role[] {
  const roles: Role[] = ['member'];
  if (input.isOrganizer) roles.push('organizer');
  if (input.isListedAdmin) roles.push('platform_admin');
  if (input.isListedAdmin && input.totpFresh) roles.push('platform_admin_verified');
  return roles;
}
