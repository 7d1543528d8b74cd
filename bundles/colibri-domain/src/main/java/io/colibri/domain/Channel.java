package io.colibri.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ways an account's requests come in: the legacy HTTP interface, the JSON API (with the
 * schedules made through it), mail, the drop folder, and the SMPP server for customers' own ESMEs. The option {@code channels} says which an
 * account may use (ACC-4: a parent chooses its sub-accounts'); a disabled account has none.
 */
public enum Channel {
    HTTP("http"), API("api"), MAIL("mail"), DROP("drop"), SMPP("smpp");

    public final String key;

    Channel(String key) {
        this.key = key;
    }

    /** {@code http,api,mail,drop,smpp} (any order and case, spaces allowed); empty is every channel, {@code none} is none. */
    public static Set<Channel> parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return EnumSet.allOf(Channel.class);
        }
        if (v.equals("none")) {
            return EnumSet.noneOf(Channel.class);
        }
        Set<Channel> set = EnumSet.noneOf(Channel.class);
        for (String part : v.split(",")) {
            String p = part.strip();
            set.add(Arrays.stream(values()).filter(c -> c.key.equals(p)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "channels are http, api, mail, drop and smpp, comma-separated (or none), not '" + p + "'")));
        }
        return set;
    }

    /** As the option is written: {@code http,api,mail,drop,smpp}, or {@code none}. */
    public static String text(Set<Channel> channels) {
        return channels.isEmpty() ? "none" : channels.stream().map(c -> c.key).collect(Collectors.joining(","));
    }
}
