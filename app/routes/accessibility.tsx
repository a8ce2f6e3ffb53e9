import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Accessibility statement" };

export default function Accessibility() {
  return (
    <>
      <h1 className="ds_page-header__title">Accessibility statement for Choice and Control</h1>
      <p>
        This statement applies to the Choice and Control service, which councils use to help people choose and direct their
        Self-directed Support under Option 2.
      </p>
      <p>We want as many people as possible to be able to use this service. For example, you should be able to:</p>
      <ul>
        <li>change colours, contrast levels and fonts using your browser or device settings</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>navigate the whole service using just a keyboard</li>
        <li>navigate most of the service using speech recognition software</li>
        <li>listen to the whole service using a screen reader</li>
        <li>use every form without JavaScript</li>
      </ul>
      <p>We have also made the text as simple as possible to understand. Agreements and statements come with an Easy Read version.</p>

      <h2>How accessible this service is</h2>
      <p>
        We test every page against the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard with automated checks each
        time the service changes, and by hand with a keyboard and a screen reader.
      </p>

      <h2>Feedback and contact information</h2>
      <p>
        If you need information from this service in a different format, like large print, Easy Read, audio or braille, ask your social
        worker or your council's Self-directed Support team. We will consider your request and get back to you within 5 working days.
      </p>

      <h2>Reporting accessibility problems with this service</h2>
      <p>
        We are always looking to improve the accessibility of this service. If you find any problems not listed on this page or think
        we are not meeting accessibility requirements, tell your council's Self-directed Support team.
      </p>

      <h2>Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile
        Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations'). If you are not happy with how we
        respond to your complaint, contact the Equality Advisory and Support Service (EASS).
      </p>

      <h2>Compliance status</h2>
      <p>This service is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard.</p>

      <h2>Preparation of this accessibility statement</h2>
      <p>This statement was prepared on 22 November 2026. It is reviewed each time the service changes in a way that could affect accessibility.</p>
    </>
  );
}
