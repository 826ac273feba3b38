/** The team hub's client, on the core's public surface. */
export { HubLink, storedHistory, type HubLinkOptions, type TicketHistory } from './hub-link'
export { HUB_CURSOR_KEY, HubFollower, type FeedApplied, type HubFollowState } from './hub-follower'
export { HubError, HubHttp, type HubTraffic } from './hub-http'
export { takeSnapshot } from './hub-snapshot'
export { openStream, type OpenStream, type StreamHandlers } from './hub-stream'
export { HubHolder, type HubCatchUp, type HubHolderOptions } from './hub-holder'
