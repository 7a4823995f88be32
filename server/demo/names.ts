/** Word lists for generated identifiers. Domains are reserved example names, never real ones. */

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const FIRST_NAMES = words(`
  ada amara anika ben carlos chen chloe dmitri elena emeka farah felix grace hana hugo ibrahim ines jack jun kai
  lars leila lucas maria mateo mei nadia noah olga omar priya rafael rosa sami sofia tariq uma victor yuki zara
`);

export const LAST_NAMES = words(`
  abara andersen bauer costa dubois eze fischer garcia haddad ito jensen kim kowalski larsen li mendes moreau
  nakamura novak okafor patel petrov quinn rossi santos schmidt singh tanaka torres wang
`);

export const EMAIL_DOMAINS = words(`
  example.com example.org example.net acme.test globex.example initech.test northwind.example umbrella.test
`);

export const SERVICE_NAMES = words(`
  billing-sync crm-bridge data-export etl-nightly mobile-app partner-api reporting webhooks
`);
