import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { NavItem } from "~/auth/navigation";
import { SERVICE_NAME } from "~/lib/service";

function NavList({ items }: { items: NavItem[] }) {
  return (
    <ul className="ds_site-navigation__list">
      {items.map((item) => (
        <li className="ds_site-navigation__item" key={item.to}>
          <NavLink to={item.to} end={item.to === "/"} className={({ isActive }) => `ds_site-navigation__link${isActive ? " ds_current" : ""}`}>
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/** The link to the user's notifications, saying how many are new. */
function NotificationsLink({ unread }: { unread: number }) {
  return (
    <Link to="/notifications" className="ds_link">
      Notifications{unread > 0 && ` (${unread} new)`}
    </Link>
  );
}

export function SiteHeader({ navigation, user }: { navigation: NavItem[]; user: { name: string; organisation: string; unread: number } | null }) {
  return (
    <header className="ds_site-header ds_site-header--gradient" role="banner">
      <div className="ds_wrapper">
        <div className="ds_site-header__content">
          <div className="ds_site-branding">
            <Link className="ds_site-branding__link" to="/">
              <span className="ds_site-branding__title">{SERVICE_NAME}</span>
            </Link>
          </div>
          <div className="ds_site-header__controls">
            <label aria-controls="mobile-navigation" className="ds_site-header__control js-toggle-menu" htmlFor="menu">
              <span className="ds_site-header__control-text">Menu</span>
            </label>
          </div>
          <input className="ds_site-navigation__toggle" id="menu" type="checkbox" aria-label="Show menu" />
          <nav id="mobile-navigation" className="ds_site-navigation ds_site-navigation--mobile" aria-label="Menu">
            <NavList items={navigation} />
            {user && (
              <p className="app-account-links">
                <NotificationsLink unread={user.unread} />
              </p>
            )}
            {user && <SignOut />}
          </nav>
        </div>
      </div>
      <div className="ds_site-header__navigation">
        <div className="ds_wrapper">
          <nav className="ds_site-navigation" aria-label="Main">
            <NavList items={navigation} />
          </nav>
          {user ? (
            <div className="app-account-bar">
              <span>
                Signed in as <strong>{user.name}</strong>
                {user.organisation && `, ${user.organisation}`}
              </span>
              <NotificationsLink unread={user.unread} />
              <SignOut />
            </div>
          ) : (
            <div className="app-account-bar">
              <Link to="/login" className="ds_link">
                Sign in
              </Link>
            </div>
          )}
        </div>
      </div>
      <PhaseBanner />
    </header>
  );
}

function SignOut() {
  return (
    <Form method="post" action="/logout" className="app-sign-out">
      <button type="submit" className="ds_link app-link-button">
        Sign out
      </button>
    </Form>
  );
}

export function PhaseBanner() {
  return (
    <div className="ds_phase-banner">
      <div className="ds_wrapper">
        <p className="ds_phase-banner__content">
          <strong className="ds_tag ds_phase-banner__tag">Beta</strong>
          <span className="ds_phase-banner__text">This is a new service. Tell your council what you think of it to help us improve it.</span>
        </p>
      </div>
    </div>
  );
}

export function SkipLinks() {
  return (
    <div className="ds_skip-links">
      <ul className="ds_skip-links__list">
        <li className="ds_skip-links__item">
          <a className="ds_skip-links__link" href="#main-content">
            Skip to main content
          </a>
        </li>
      </ul>
    </div>
  );
}

export function SiteFooter() {
  return (
    <footer className="ds_site-footer">
      <div className="ds_wrapper">
        <div className="ds_site-footer__content">
          <h2 className="visually-hidden">Support links</h2>
          <ul className="ds_site-footer__site-items">
            <li className="ds_site-items__item">
              <Link to="/accessibility">Accessibility</Link>
            </li>
            <li className="ds_site-items__item">
              <Link to="/privacy">Privacy</Link>
            </li>
            <li className="ds_site-items__item">
              <Link to="/cookies">Cookies</Link>
            </li>
            <li className="ds_site-items__item">
              <Link to="/open-data">Open data</Link>
            </li>
          </ul>
          <div className="ds_site-footer__copyright">
            <p>
              All content is available under the Open Government Licence v3.0, except for graphic assets and where otherwise
              stated. © {SERVICE_NAME}
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

/** The main column: page content, with the message from the last action above it. */
export function MainContent({ children, flash }: { children: ReactNode; flash?: string | null }) {
  return (
    <div className="ds_page__middle">
      {flash && <FlashMessage message={flash} />}
      <div className="ds_wrapper">
        <main className="ds_layout app-layout" id="main-content" tabIndex={-1}>
          <div className="ds_layout__content app-layout__content">{children}</div>
        </main>
      </div>
    </div>
  );
}

function FlashMessage({ message }: { message: string }) {
  return (
    <div className="ds_notification ds_notification--success" role="status">
      <div className="ds_wrapper">
        <div className="ds_notification__content">
          <p className="ds_notification__text">{message}</p>
        </div>
      </div>
    </div>
  );
}
