// The hub's error vocabulary is shared with the push client, which lives below the hub in the SDK.
export { HUB_CODES, HubError, isHubError, type HubCode, type AnyCode } from 'suyuan';
