package no.varde.opendata.sta;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that reads the fixture's town: one fresh database and server per class. */
abstract class TownTest {
    static StaFixture town;

    @BeforeAll
    static void startTown() throws Exception {
        town = new StaFixture();
    }

    @AfterAll
    static void stopTown() {
        town.close();
    }
}
