package no.varde.opendata.sta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code dataArray} result format of SensorThings 1.1 (section 14.3) for Observations: one
 * object per Datastream with the components named once and each Observation as a row, about a
 * third of the bytes of the default format.
 */
final class DataArray {
    private DataArray() {
    }

    static JsonArray of(StaQuery.Page page, String publicBase) {
        JsonArray groups = new JsonArray();
        String current = null;
        JsonArray rows = null;
        for (int i = 0; i < page.rows().size(); i++) {
            String id = page.ids().get(i);
            String datastream = id.substring(0, id.lastIndexOf('@'));
            if (!datastream.equals(current)) {
                rows = new JsonArray();
                groups.add(new JsonObject().put("Datastream@iot.navigationLink", publicBase + "/Datastreams" + StaLinks.pathId(datastream))
                        .put("components", new JsonArray().add("id").add("phenomenonTime").add("resultTime").add("result"))
                        .put("dataArray", rows));
                current = datastream;
            }
            JsonObject o = page.rows().get(i);
            rows.add(new JsonArray().add(id).add(o.getString("phenomenonTime")).add(o.getString("resultTime")).add(o.getValue("result")));
        }
        for (int i = 0; i < groups.size(); i++) {
            JsonObject g = groups.getJsonObject(i);
            g.put("dataArray@iot.count", g.getJsonArray("dataArray").size());
        }
        return groups;
    }
}
