export { planOffers, byQueueOrder, type RoutableAgent, type WaitingContact, type Offer } from './router.ts';
export { Dispatcher } from './dispatcher.ts';
