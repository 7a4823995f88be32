import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { UNAUTHORIZED_EVENT } from '../lib/api-client.ts';

/** When the API says the session is gone, send the person to log in and bring them back after. */
export function useRedirectOnUnauthorized() {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    const onUnauthorized = () => {
      const next = `${location.pathname}${location.search}`;
      navigate(`/login?next=${encodeURIComponent(next)}&reason=expired`, { replace: true });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [navigate, location.pathname, location.search]);
}
