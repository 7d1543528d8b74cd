package io.colibri.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The SMPP 3.4 {@code command_status} the gateway's SMPP server answers a customer's
 * {@code submit_sm} with, for each legacy code of the accept rules ({@link Code}), and for what only
 * SMPP can get wrong. Where SMPP 3.4 has a status that says the same thing, that one; where it has
 * none (credit, duplicates, overseas numbers…), a status of the range SMPP leaves to each SMSC,
 * 0x400–0x4FF, whose low byte is the legacy code: {@code 0x453} is 83, not enough credit.
 */
public final class SmppStatus {
    public static final int ROK = 0x00;
    public static final int RINVMSGLEN = 0x01;
    public static final int RINVCMDID = 0x03;
    public static final int RSYSERR = 0x08;
    public static final int RINVDSTADR = 0x0B;
    public static final int RBINDFAIL = 0x0D;
    public static final int RINVESMCLASS = 0x43;
    public static final int RSUBMITFAIL = 0x45;
    public static final int RTHROTTLED = 0x58;
    public static final int RINVSCHED = 0x61;
    public static final int RINVEXPIRY = 0x62;
    /** The first status SMPP leaves to each SMSC: this plus a legacy code. */
    public static final int VENDOR = 0x400;

    /** One line of the table: a legacy code, the status it becomes, the status's SMPP name. */
    public record Row(Code code, int status, String name) {
        /** {@code 0x00000453} as SMPP documents write it. */
        public String hex() {
            return String.format("0x%08X", status);
        }
    }

    private SmppStatus() {
    }

    /** The status a submit_sm refused (or accepted) with this legacy code gets. */
    public static int of(Code code) {
        return switch (code) {
            case ACCEPTED, DEFERRED -> ROK;
            case BAD_LOGIN -> RBINDFAIL;
            case INVALID_NUMBER, EMPTY_NUMBER -> RINVDSTADR;
            case BAD_DEFERRED_DATE -> RINVSCHED;
            case EMPTY_MESSAGE, TOO_LONG -> RINVMSGLEN;
            default -> VENDOR + code.value();
        };
    }

    /** The SMPP name of a status this class gives. */
    public static String name(int status) {
        return switch (status) {
            case ROK -> "ESME_ROK";
            case RINVMSGLEN -> "ESME_RINVMSGLEN";
            case RINVCMDID -> "ESME_RINVCMDID";
            case RSYSERR -> "ESME_RSYSERR";
            case RINVDSTADR -> "ESME_RINVDSTADR";
            case RBINDFAIL -> "ESME_RBINDFAIL";
            case RINVESMCLASS -> "ESME_RINVESMCLASS";
            case RSUBMITFAIL -> "ESME_RSUBMITFAIL";
            case RTHROTTLED -> "ESME_RTHROTTLED";
            case RINVSCHED -> "ESME_RINVSCHED";
            case RINVEXPIRY -> "ESME_RINVEXPIRY";
            default -> status >= VENDOR && status <= VENDOR + 0xFF ? "vendor-specific (legacy code " + (status - VENDOR) + ")"
                    : String.format("0x%08X", status);
        };
    }

    /** Every legacy code with its status, in code order: the README's table. */
    public static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        for (Code c : Code.values()) {
            int s = of(c);
            rows.add(new Row(c, s, name(s)));
        }
        return rows;
    }
}
