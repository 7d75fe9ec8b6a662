package health.custodian.security.internal;

import java.util.Set;

/**
 * Security label codes (FHIR R4 security-labels value set: v3 Confidentiality and the v3 ActCode
 * sensitivity codes commonly used in {@code meta.security}) granted to full-access administrative
 * clients, such as the command line's own client.
 */
public final class Clearances {

  public static final Set<String> ALL =
      Set.of(
          "U",
          "L",
          "M",
          "N",
          "R",
          "V",
          "PSY",
          "PSYTHPN",
          "ETH",
          "ETHUD",
          "ALCUD",
          "OPIOIDUD",
          "HIV",
          "SUD",
          "SDV",
          "SEX",
          "STD",
          "SICKLE",
          "SCA",
          "MST",
          "GDIS",
          "DIA",
          "DRGIS",
          "MH",
          "SOC",
          "TBOO",
          "COMPT",
          "HRCOMPT",
          "RESCOMPT",
          "RMGTCOMPT",
          "BH",
          "CEL",
          "DEMO",
          "DOB",
          "GENDER",
          "LOCIS",
          "MARST",
          "RACE",
          "REL",
          "ADOL",
          "EMPL",
          "PDS",
          "PRS",
          "SPI",
          "TRSCPT");

  private Clearances() {}
}
