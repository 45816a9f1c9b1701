// How views reach the panel model (a Preact context the panel provides) and the inspected user a view is about.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelModel } from './model';

const PanelModelContext = createContext<PanelModel | null>(null);
export const PanelModelProvider = PanelModelContext.Provider;

export function usePanel(): PanelModel {
  const model = useContext(PanelModelContext);
  if (model === null) throw new Error('A panel view was rendered outside a panel: wrap it in <PanelModelProvider value={model}>.');
  return model;
}

// Given by the panel around a view whose descriptor says needsUser, only while someone is inspected: the view then
// always has its user, and a user change re-renders it from the panel down.
const InspectedUserContext = createContext<string | null>(null);
export const InspectedUserProvider = InspectedUserContext.Provider;

export function useInspectedUser(): string {
  const userId = useContext(InspectedUserContext);
  if (userId === null)
    throw new Error('A view about the inspected user was rendered without one: its descriptor must say needsUser: true.');
  return userId;
}
