// Word lists for a believable fleet: the demo must look like a compressor vendor's platform, not like "asset-17".

export const REGIONS = [
  { name: 'Benelux', cities: ['Antwerp', 'Ghent', 'Rotterdam', 'Eindhoven', 'Liège', 'Utrecht'], lat: 51.2, lng: 4.4 },
  { name: 'Nordics', cities: ['Stockholm', 'Gothenburg', 'Oslo', 'Aarhus', 'Tampere', 'Malmö'], lat: 59.3, lng: 18.1 },
  { name: 'Iberia', cities: ['Madrid', 'Barcelona', 'Valencia', 'Porto', 'Bilbao', 'Seville'], lat: 40.4, lng: -3.7 },
  { name: 'France', cities: ['Lyon', 'Lille', 'Toulouse', 'Nantes', 'Strasbourg', 'Rouen'], lat: 45.8, lng: 4.8 },
  { name: 'Germany', cities: ['Essen', 'Stuttgart', 'Hamburg', 'Leipzig', 'Munich', 'Cologne'], lat: 51.5, lng: 7.0 },
  { name: 'UK & Ireland', cities: ['Hemel Hempstead', 'Leeds', 'Glasgow', 'Cork', 'Bristol', 'Derby'], lat: 53.8, lng: -1.5 },
  { name: 'Italy', cities: ['Milan', 'Turin', 'Bologna', 'Brescia', 'Verona', 'Padua'], lat: 45.5, lng: 9.2 },
  { name: 'Poland', cities: ['Warsaw', 'Poznań', 'Wrocław', 'Gdańsk', 'Łódź', 'Katowice'], lat: 52.2, lng: 21.0 },
  { name: 'Central Europe', cities: ['Vienna', 'Brno', 'Linz', 'Bratislava', 'Graz', 'Plzeň'], lat: 48.2, lng: 16.4 },
  { name: 'Switzerland', cities: ['Zurich', 'Basel', 'Bern', 'Lausanne', 'Winterthur', 'Lucerne'], lat: 47.4, lng: 8.5 },
  { name: 'Turkey', cities: ['Istanbul', 'Bursa', 'Izmir', 'Ankara', 'Kocaeli', 'Konya'], lat: 41.0, lng: 29.0 },
  { name: 'USA East', cities: ['Rock Hill', 'Charlotte', 'Pittsburgh', 'Atlanta', 'Columbus', 'Buffalo'], lat: 35.2, lng: -80.8 },
  { name: 'USA West', cities: ['Phoenix', 'Denver', 'Salt Lake City', 'Fresno', 'Portland', 'Reno'], lat: 33.4, lng: -112.1 },
  { name: 'Canada', cities: ['Mississauga', 'Montreal', 'Calgary', 'Winnipeg', 'Hamilton', 'Quebec City'], lat: 43.6, lng: -79.6 },
  { name: 'Brazil', cities: ['Barueri', 'Campinas', 'Curitiba', 'Joinville', 'Porto Alegre', 'Belo Horizonte'], lat: -23.5, lng: -46.9 },
  { name: 'Mexico', cities: ['Monterrey', 'Querétaro', 'Puebla', 'Guadalajara', 'Saltillo', 'León'], lat: 25.7, lng: -100.3 },
  { name: 'India', cities: ['Pune', 'Chennai', 'Ahmedabad', 'Bengaluru', 'Nashik', 'Vadodara'], lat: 18.5, lng: 73.9 },
  { name: 'China', cities: ['Wuxi', 'Suzhou', 'Tianjin', 'Shenzhen', 'Chengdu', 'Qingdao'], lat: 31.5, lng: 120.3 },
  { name: 'Japan', cities: ['Yokohama', 'Nagoya', 'Osaka', 'Hamamatsu', 'Kitakyushu', 'Sendai'], lat: 35.4, lng: 139.6 },
  { name: 'Korea', cities: ['Ulsan', 'Changwon', 'Incheon', 'Pohang', 'Gumi', 'Daegu'], lat: 35.5, lng: 129.3 },
  { name: 'Australia', cities: ['Melbourne', 'Brisbane', 'Perth', 'Adelaide', 'Newcastle', 'Geelong'], lat: -37.8, lng: 145.0 },
  { name: 'South Africa', cities: ['Johannesburg', 'Durban', 'Port Elizabeth', 'Cape Town', 'Pretoria', 'Rustenburg'], lat: -26.2, lng: 28.0 },
  { name: 'Middle East', cities: ['Dubai', 'Riyadh', 'Doha', 'Muscat', 'Jeddah', 'Abu Dhabi'], lat: 25.2, lng: 55.3 },
  { name: 'Southeast Asia', cities: ['Bangkok', 'Jakarta', 'Kuala Lumpur', 'Ho Chi Minh City', 'Manila', 'Penang'], lat: 13.8, lng: 100.5 },
] as const;

export const PRODUCT_COMPANIES = [
  { id: 'org-pc-compressor', name: 'Compressor Technique' },
  { id: 'org-pc-vacuum', name: 'Vacuum Technique' },
  { id: 'org-pc-power', name: 'Power Technique' },
] as const;

export const DISTRIBUTOR_SUFFIXES = ['Air Solutions', 'Compressed Air Services', 'Industrial Air', 'Pneumatics', 'Air Power', 'Fluid Systems'];

export const CUSTOMER_PREFIXES = [
  'Nordvik', 'Vanguard', 'Helix', 'Brightwater', 'Kestrel', 'Orion', 'Alder', 'Meridian', 'Solace', 'Granite', 'Ironbridge',
  'Bluepeak', 'Cedar', 'Northstar', 'Riverside', 'Summit', 'Fjord', 'Lumen', 'Zephyr', 'Crescent', 'Evergreen', 'Atlas Bay',
  'Westfield', 'Copperline', 'Harbor', 'Falcon', 'Pioneer', 'Silverleaf', 'Oakridge', 'Redstone',
];
export const CUSTOMER_INDUSTRIES = [
  'Foods', 'Breweries', 'Pharma', 'Automotive', 'Plastics', 'Textiles', 'Glassworks', 'Steel', 'Paper Mills', 'Dairy',
  'Packaging', 'Electronics', 'Chemicals', 'Bottling', 'Mining', 'Cement', 'Printing', 'Woodworks',
];
export const COMPANY_FORMS = ['NV', 'BV', 'GmbH', 'AB', 'SA', 'Ltd', 'Inc.', 'S.p.A.', 'Sp. z o.o.', 'AG', 'Pty Ltd', 'Co.'];
export const SITE_KINDS = ['Plant', 'Plant 2', 'Warehouse', 'Bottling Hall', 'Main Site', 'Distribution Center', 'Workshop'];

export const PROJECT_THEMES = ['Food & Beverage', 'Automotive', 'Pharma', 'Rental Fleet', 'General Industry', 'Mining & Cement', 'Energy Audit'];

/** Models like the ones on a real compressor room floor, with the tags a fleet manager would give them. */
export const MODELS = [
  { model: 'GA 11', kind: 'compressor', traits: ['oil-injected'] },
  { model: 'GA 18 VSD+', kind: 'compressor', traits: ['oil-injected', 'vsd'] },
  { model: 'GA 30+', kind: 'compressor', traits: ['oil-injected'] },
  { model: 'GA 37 VSD+', kind: 'compressor', traits: ['oil-injected', 'vsd'] },
  { model: 'GA 55', kind: 'compressor', traits: ['oil-injected'] },
  { model: 'GA 75 VSD+', kind: 'compressor', traits: ['oil-injected', 'vsd'] },
  { model: 'GA 90', kind: 'compressor', traits: ['oil-injected'] },
  { model: 'GA 110 VSD+', kind: 'compressor', traits: ['oil-injected', 'vsd'] },
  { model: 'GA 160', kind: 'compressor', traits: ['oil-injected'] },
  { model: 'GA 315 VSD+', kind: 'compressor', traits: ['oil-injected', 'vsd'] },
  { model: 'GX 7 FF', kind: 'compressor', traits: ['oil-injected'] },
  { model: 'G 22', kind: 'compressor', traits: ['oil-injected'] },
  { model: 'ZR 90', kind: 'compressor', traits: ['oil-free'] },
  { model: 'ZR 160 VSD+', kind: 'compressor', traits: ['oil-free', 'vsd'] },
  { model: 'ZT 75', kind: 'compressor', traits: ['oil-free'] },
  { model: 'ZT 145 VSD', kind: 'compressor', traits: ['oil-free', 'vsd'] },
  { model: 'ZH 355', kind: 'compressor', traits: ['oil-free'] },
  { model: 'FD 120', kind: 'dryer', traits: [] },
  { model: 'FD 300 VSD', kind: 'dryer', traits: ['vsd'] },
  { model: 'CD 50+', kind: 'dryer', traits: [] },
  { model: 'BD 300+', kind: 'dryer', traits: [] },
  { model: 'MD 600', kind: 'dryer', traits: [] },
  { model: 'ZS 37 VSD+', kind: 'blower', traits: ['oil-free', 'vsd'] },
  { model: 'ZB 110 VSD', kind: 'blower', traits: ['oil-free', 'vsd'] },
  { model: 'GHS 585 VSD+', kind: 'vacuum-pump', traits: ['vsd'] },
  { model: 'GHS 1300 VSD+', kind: 'vacuum-pump', traits: ['vsd'] },
  { model: 'DZS 300', kind: 'vacuum-pump', traits: ['oil-free'] },
  { model: 'NGP 25+', kind: 'nitrogen-generator', traits: [] },
] as const;

export const KIND_TAGS = ['compressor', 'dryer', 'blower', 'vacuum-pump', 'nitrogen-generator'];
export const TRAIT_TAGS = ['oil-free', 'oil-injected', 'vsd'];
export const STATUS_TAGS = ['critical', 'warranty', 'rental', 'food-grade', 'service-contract', 'energy-audit'];

export const FIRST_NAMES = [
  'Anna', 'Bram', 'Chloé', 'Daan', 'Elif', 'Femke', 'Giulia', 'Hugo', 'Ines', 'Jonas', 'Kaja', 'Lars', 'Mila', 'Noah', 'Olga',
  'Pieter', 'Rosa', 'Stijn', 'Thea', 'Umar', 'Vera', 'Wout', 'Xenia', 'Yusuf', 'Zoë', 'Aiko', 'Bruno', 'Carmen', 'Dmitri',
  'Esther', 'Farid', 'Greta', 'Hamza', 'Ingrid', 'Jasper', 'Kofi', 'Lucía', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Rafael',
  'Sanne', 'Tomás', 'Ulla', 'Viktor', 'Wen', 'Yara',
];
export const LAST_NAMES = [
  'Jansen', 'de Vries', 'Bakker', 'Lindgren', 'García', 'Rossi', 'Nowak', 'Müller', 'Dupont', 'Murphy', 'Kowalski', 'Yilmaz',
  'Silva', 'Tanaka', 'Kim', 'Nguyen', 'Smith', 'Schneider', 'Eriksson', 'Fernández', 'Bianchi', 'Novák', 'Haddad', 'Reddy',
  'Chen', 'Okafor', 'Petersen', 'Lambert', 'Moreau', 'Vermeulen', 'Costa', 'Horvat', 'Andersen', 'Sato', 'Walsh', 'Ivanova',
];

export const TICKET_TITLES = [
  'Annual service due', 'Oil filter replacement', 'High element outlet temperature', 'Pressure dew point above limit',
  'Vibration trend rising', 'Drain valve not discharging', 'Motor bearing noise', 'Air filter pressure drop high',
  'Unexpected shutdown', 'Energy audit follow-up', 'Leak detection survey', 'Controller firmware update',
  'Separator element service', 'Cooling water flow low', 'Running hours threshold reached', 'Connectivity lost',
];
