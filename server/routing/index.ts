export { planOffers, planLines, lineKey, chooseAgent, ringFor, canServe, isEligible, hasRoom, hasVoiceRoom, hasRoomFor, byQueueOrder, ALGORITHMS, type RoutableAgent, type WaitingContact, type Offer, type QueueOrder } from './router.ts';
export { Dispatcher } from './dispatcher.ts';
export { startTransfer, type TransferRequest } from './transfers.ts';
