package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    private static final String KEY = ApiKey.generate(new Random(15));

    @Test
    void a_key_is_the_prefix_and_43_base64url_characters_and_never_the_same_twice() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String key = ApiKey.generate();
            assertThat(key).startsWith("clb_").hasSize(47).matches("clb_[A-Za-z0-9_-]{43}");
            assertThat(ApiKey.wellFormed(key)).isTrue();
            assertThat(seen.add(key)).isTrue();
        }
    }

    @Test
    void what_is_stored_is_the_sha256_of_the_key_and_lists_show_only_its_start() {
        // SHA-256("abc"), the standard's own example.
        assertThat(ApiKey.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKey.hash(KEY)).hasSize(64).isEqualTo(ApiKey.hash(KEY)).doesNotContain(KEY.substring(4));
        assertThat(ApiKey.shown(KEY)).isEqualTo(KEY.substring(0, 10) + "…");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Bearer KEY|true",
            "bearer KEY|true",
            "BEARER   KEY  |true",
            "  Bearer KEY|true",
            "Basic KEY|false",
            "BearerKEY|false",
            "Bearer|false",
            "Bearer KEYx|false",
            "Bearer KEY KEY|false",
            "Bearer clb_short|false",
    })
    void the_key_of_an_authorization_header(String header, boolean found) {
        assertThat(ApiKey.fromAuthorization(header.replace("KEY", KEY))).isEqualTo(found ? java.util.Optional.of(KEY)
                : java.util.Optional.empty());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"clb_", "clb_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", "xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void anything_else_is_not_a_key(String text) {
        assertThat(ApiKey.wellFormed(text)).isFalse();
        assertThat(ApiKey.fromAuthorization("Bearer " + text)).isEmpty();
    }

    @Test
    void a_huge_header_is_not_read() {
        assertThat(ApiKey.fromAuthorization("Bearer " + KEY + " ".repeat(300))).isEmpty();
    }
}
