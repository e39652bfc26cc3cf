package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenHasherTest {
    private final TokenHasher hasher = new TokenHasher(10_000);

    @Test
    void matchesOnlyTheRightToken() {
        String hash = hasher.hash("s3cret-token");
        assertThat(hasher.matches("s3cret-token", hash)).isTrue();
        assertThat(hasher.matches("s3cret-tokem", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
        assertThat(hasher.matches(null, hash)).isFalse();
    }

    @Test
    void saltsEveryHashAndNeverContainsTheToken() {
        String a = hasher.hash("same");
        String b = hasher.hash("same");
        assertThat(a).isNotEqualTo(b).doesNotContain("same").startsWith("pbkdf2-sha256$10000$");
    }

    @Test
    void verifiesWithTheIterationsStoredInTheHash() {
        String strong = new TokenHasher(20_000).hash("t");
        assertThat(hasher.matches("t", strong)).isTrue();
    }

    @Test
    void malformedHashesNeverMatch() {
        assertThat(hasher.matches("t", "plain-text")).isFalse();
        assertThat(hasher.matches("t", "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(hasher.matches("t", null)).isFalse();
    }

    @Test
    void newTokensAreLongAndDistinct() {
        assertThat(TokenHasher.newToken()).hasSize(32).isNotEqualTo(TokenHasher.newToken());
    }
}
