export { planOffers, chooseAgent, canServe, isEligible, byQueueOrder, ALGORITHMS, type RoutableAgent, type WaitingContact, type Offer } from './router.ts';
export { Dispatcher } from './dispatcher.ts';
export { startTransfer, type TransferRequest } from './transfers.ts';
