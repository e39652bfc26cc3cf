package no.varde.opendata.dcat;

import java.util.List;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.DCAT;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.SKOS;
import org.apache.jena.vocabulary.VCARD4;
import org.apache.jena.datatypes.xsd.XSDDatatype;

/**
 * The open data as a DCAT-AP-NO 2 catalogue: one dataset per domain and zone, each with three
 * distributions (the SensorThings API, and daily CSV and Parquet files), the licence, the publisher by its
 * organisation number, a contact point, the update frequency (continuous), the zone as spatial
 * coverage with the public devices' extent, and a theme from the EU data themes. Referenced
 * things carry their class (licence document, media type, frequency, concept, location), as
 * DCAT-AP-NO's shapes require.
 */
public final class DcatCatalogue {
    static final String FOAF = "http://xmlns.com/foaf/0.1/";
    static final String LOCN = "http://www.w3.org/ns/locn#";
    static final String EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/";
    static final String EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/";
    static final String EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/";
    static final String ORGANISATIONS = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/";

    private DcatCatalogue() {
    }

    /** @param publicUrl Varde's URL as the harvester reaches it; {@code staPath} the SensorThings base path */
    public static Model build(CatalogueSettings settings, List<PublicDatasets.Dataset> datasets, String publicUrl, String staPath) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("dcat", DCAT.NS).setNsPrefix("dct", DCTerms.NS).setNsPrefix("foaf", FOAF).setNsPrefix("vcard", VCARD4.NS)
                .setNsPrefix("skos", SKOS.uri).setNsPrefix("locn", LOCN).setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#");
        String base = publicUrl.replaceAll("/+$", "") + "/open-data";
        Resource publisher = m.createResource(ORGANISATIONS + settings.organisationNumber())
                .addProperty(RDF.type, m.createResource(FOAF + "Agent"))
                .addProperty(m.createProperty(FOAF, "name"), settings.publisherName(), "nb")
                .addProperty(DCTerms.identifier, settings.organisationNumber());
        Resource licence = m.createResource(settings.licence()).addProperty(RDF.type, DCTerms.LicenseDocument)
                .addProperty(DCTerms.title, settings.licenceName(), "nb");
        Resource contact = m.createResource(base + "/catalog#contact").addProperty(RDF.type, VCARD4.Kind).addProperty(RDF.type, VCARD4.Organization)
                .addProperty(VCARD4.fn, settings.publisherName(), "nb")
                .addProperty(VCARD4.hasEmail, m.createResource("mailto:" + settings.contactEmail()));
        Resource continuous = m.createResource(EU_FREQUENCY + "CONT").addProperty(RDF.type, DCTerms.Frequency);
        Resource csv = m.createResource(EU_FILE_TYPE + "CSV").addProperty(RDF.type, DCTerms.MediaType);
        Resource json = m.createResource(EU_FILE_TYPE + "JSON").addProperty(RDF.type, DCTerms.MediaType);
        Resource parquet = m.createResource(EU_FILE_TYPE + "PARQUET").addProperty(RDF.type, DCTerms.MediaType);
        Resource sta = m.createResource("http://www.opengis.net/doc/is/sensorthings/1.1").addProperty(RDF.type, DCTerms.Standard)
                .addProperty(DCTerms.title, "OGC SensorThings API Part 1: Sensing 1.1", "en");

        Resource catalog = m.createResource(base + "/catalog").addProperty(RDF.type, DCAT.Catalog)
                .addProperty(DCTerms.title, "Åpne sensordata fra " + settings.publisherName(), "nb")
                .addProperty(DCTerms.title, "Open sensor data from " + settings.publisherName(), "en")
                .addProperty(DCTerms.description, "Målinger fra kommunens sensorer for vann, luft og trafikk, fortløpende oppdatert.", "nb")
                .addProperty(DCTerms.description, "Readings from the municipality's water, air and traffic sensors, updated continuously.", "en")
                .addProperty(DCTerms.publisher, publisher).addProperty(DCTerms.license, licence)
                .addProperty(m.createProperty(FOAF, "homepage"), m.createResource(publicUrl.replaceAll("/+$", "") + staPath));

        for (PublicDatasets.Dataset d : datasets) {
            String uri = base + "/datasets/" + d.id();
            Resource theme = m.createResource(EU_THEME + (d.domain().equals("traffic") ? "TRAN" : "ENVI")).addProperty(RDF.type, SKOS.Concept);
            Resource location = m.createResource(uri + "#zone").addProperty(RDF.type, DCTerms.Location)
                    .addProperty(SKOS.prefLabel, "Sone " + d.zone(), "nb");
            if (d.bbox() != null) {
                double[] b = d.bbox();
                String wkt = String.format(java.util.Locale.ROOT, "POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f))",
                        b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3], b[0], b[1]);
                location.addProperty(DCAT.bbox, m.createTypedLiteral(wkt, "http://www.opengis.net/ont/geosparql#wktLiteral"));
            }
            String filter = java.net.URLEncoder.encode("properties/zone eq '" + d.zone() + "'", java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
            Resource api = m.createResource(uri + "#sensorthings").addProperty(RDF.type, DCAT.Distribution)
                    .addProperty(DCTerms.title, "SensorThings API", "en")
                    .addProperty(DCTerms.description, "Live og historiske målinger som OGC SensorThings API 1.1 (JSON)", "nb")
                    .addProperty(DCAT.accessURL, m.createResource(publicUrl.replaceAll("/+$", "") + staPath + "/Things?$filter=" + filter))
                    .addProperty(DCTerms.format, json).addProperty(DCTerms.license, licence).addProperty(DCTerms.conformsTo, sta);
            Resource files = m.createResource(uri + "#csv").addProperty(RDF.type, DCAT.Distribution)
                    .addProperty(DCTerms.title, "Daily CSV files", "en")
                    .addProperty(DCTerms.description, "Én CSV-fil per døgn (UTC): /open-data/downloads/" + d.id() + "/ÅÅÅÅ-MM-DD.csv", "nb")
                    .addProperty(DCAT.accessURL, m.createResource(base + "/downloads/" + d.id() + "/"))
                    .addProperty(DCTerms.format, csv).addProperty(DCTerms.license, licence);
            Resource columnar = m.createResource(uri + "#parquet").addProperty(RDF.type, DCAT.Distribution)
                    .addProperty(DCTerms.title, "Daily Parquet files", "en")
                    .addProperty(DCTerms.description, "Én Parquet-fil per døgn (UTC): /open-data/downloads/" + d.id() + "/ÅÅÅÅ-MM-DD.parquet", "nb")
                    .addProperty(DCAT.accessURL, m.createResource(base + "/downloads/" + d.id() + "/"))
                    .addProperty(DCTerms.format, parquet).addProperty(DCTerms.license, licence);
            Resource dataset = m.createResource(uri).addProperty(RDF.type, DCAT.Dataset)
                    .addProperty(DCTerms.identifier, uri)
                    .addProperty(DCTerms.title, title(d), "nb")
                    .addProperty(DCTerms.description, description(d), "nb")
                    .addProperty(DCTerms.publisher, publisher).addProperty(DCAT.contactPoint, contact)
                    .addProperty(DCAT.theme, theme).addProperty(DCTerms.accrualPeriodicity, continuous)
                    .addProperty(DCTerms.spatial, location).addProperty(DCAT.distribution, api).addProperty(DCAT.distribution, files)
                    .addProperty(DCAT.distribution, columnar)
                    .addProperty(DCTerms.accessRights, m.createResource("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
                            .addProperty(RDF.type, DCTerms.RightsStatement))
                    .addProperty(DCTerms.issued, m.createTypedLiteral("2026-12-04", XSDDatatype.XSDdate));
            for (String metric : d.metrics()) {
                dataset.addProperty(DCAT.keyword, metric, "en");
            }
            catalog.addProperty(DCAT.dataset, dataset);
        }
        return m;
    }

    private static String title(PublicDatasets.Dataset d) {
        return switch (d.domain()) {
            case "water" -> "Vannforsyning og vannkvalitet, sone " + d.zone();
            case "air" -> "Luftkvalitet, sone " + d.zone();
            default -> "Trafikktellinger, sone " + d.zone();
        };
    }

    private static String description(PublicDatasets.Dataset d) {
        return "Målinger fra " + d.devices() + " sensorer i sone " + d.zone() + " (" + String.join(", ", d.metrics()) + "). "
                + (d.rawData() ? "Enkeltmålinger og minutt- og timesmiddel per sensor" : "Bare timesmiddel for sonen")
                + "; målere i private hjem publiseres bare som sonens middel over flere målere.";
    }
}
