/**
 * CBV 2.0 standard vocabulary, as bare terms (the JSON-LD spelling) and the Web URI each
 * expands to. Lists written from the CBV 2.0 standard and GS1's web vocabulary.
 */
export const CBV = 'https://ref.gs1.org/cbv/';
export const GS1_VOC = 'https://gs1.org/voc/';

const words = (s: string): string[] => s.trim().split(/\s+/);

export const BIZ_STEPS = words(`accepting arriving assembling collecting commissioning consigning creating_class_instance
  cycle_counting decommissioning departing destroying disassembling dispensing encoding entering_exiting holding
  inspecting installing killing loading other packing picking receiving removing repackaging repairing replacing
  reserving retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing
  transporting unloading unpacking void_shipping`);
export const DISPOSITIONS = words(`active available completeness_verified completeness_inferred conformant container_closed
  container_open damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_instance
  mismatch_class mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other
  partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen
  unavailable unknown`);
export const BIZ_TRANSACTION_TYPES = words('bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt');
export const SOURCE_DEST_TYPES = words('owning_party possessing_party location');
export const ERROR_REASONS = words('did_not_occur incorrect_data');
export const COMPONENTS = words('x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting northing latitude longitude altitude');
export const SENSOR_ALERTS = words('ALARM_CONDITION ERROR_CONDITION');
export const MEASUREMENT_TYPES = words(`AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude
  AmountOfSubstance AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity Area
  Capacitance Conductance Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity
  ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency
  Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux LuminousIntensity
  MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass MassConcentration MassFlowRate MassPerAreaTime
  MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume Power Pressure RadiantFlux RadiantIntensity
  RelativeHumidity Resistance Resistivity SolidAngle SpecificVolume Speed SurfaceDensity SurfaceTension Temperature
  Time Torque Voltage Volume VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber`);

/** A vocabulary: its bare terms and the URI prefix they expand under. */
export interface Vocabulary {
  terms: ReadonlySet<string>;
  base: string;
}
const vocab = (terms: string[], base: string): Vocabulary => ({ terms: new Set(terms), base });

export const VOCAB = {
  bizStep: vocab(BIZ_STEPS, `${CBV}BizStep-`),
  disposition: vocab(DISPOSITIONS, `${CBV}Disp-`),
  bizTransactionType: vocab(BIZ_TRANSACTION_TYPES, `${CBV}BTT-`),
  sourceDestType: vocab(SOURCE_DEST_TYPES, `${CBV}SDT-`),
  errorReason: vocab(ERROR_REASONS, `${CBV}ER-`),
  component: vocab(COMPONENTS, `${CBV}Comp-`),
  sensorAlert: vocab(SENSOR_ALERTS, GS1_VOC),
  measurementType: vocab(MEASUREMENT_TYPES, GS1_VOC),
} as const;

/** The old URN spellings of CBV values and their Web URI equivalents. */
export const CBV_URNS: readonly [string, string][] = [
  ['urn:epcglobal:cbv:bizstep:', `${CBV}BizStep-`],
  ['urn:epcglobal:cbv:disp:', `${CBV}Disp-`],
  ['urn:epcglobal:cbv:btt:', `${CBV}BTT-`],
  ['urn:epcglobal:cbv:sdt:', `${CBV}SDT-`],
  ['urn:epcglobal:cbv:er:', `${CBV}ER-`],
];

/** Prefixes the EPCIS 2.0 JSON-LD context defines (a document may add its own). */
export const STANDARD_PREFIXES: Readonly<Record<string, string>> = {
  epcis: 'https://ref.gs1.org/epcis/',
  cbv: CBV,
  cbvmda: 'urn:epcglobal:cbv:mda:',
  gs1: GS1_VOC,
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcterms: 'http://purl.org/dc/terms/',
};
