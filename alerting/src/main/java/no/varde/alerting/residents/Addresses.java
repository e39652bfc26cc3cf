package no.varde.alerting.residents;

import java.util.Locale;
import java.util.regex.Pattern;

/** Normalises and masks residents' phone numbers and e-mail addresses. */
public final class Addresses {
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Addresses() {
    }

    /** "+47 912 34 567", "0047 91234567" and "91234567" (a Norwegian number) all become "+4791234567". */
    public static String normalise(String channel, String address) {
        if (address == null) {
            throw new IllegalArgumentException("an address is required");
        }
        if ("email".equals(channel)) {
            String e = address.trim().toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(e).matches() || e.length() > 254) {
                throw new IllegalArgumentException("not an e-mail address");
            }
            return e;
        }
        if (!"sms".equals(channel)) {
            throw new IllegalArgumentException("channel must be sms or email");
        }
        String p = address.replaceAll("[\\s\\-().]", "");
        if (p.startsWith("00")) {
            p = "+" + p.substring(2);
        } else if (p.matches("[2-9]\\d{7}")) {
            p = "+47" + p;
        }
        if (!E164.matcher(p).matches()) {
            // The message never repeats the number: it may end up in a log line or a proxy's access log.
            throw new IllegalArgumentException("not a phone number (use +47 and 8 digits, or international E.164 form)");
        }
        return p;
    }

    /** What staff see in lists: "+47 •••• •567", "k•••@example.no". */
    public static String mask(String channel, String normalised) {
        if ("email".equals(channel)) {
            int at = normalised.indexOf('@');
            return normalised.charAt(0) + "•••" + normalised.substring(at);
        }
        String country = normalised.startsWith("+47") ? "+47" : normalised.substring(0, 3);
        return country + " •••• •" + normalised.substring(normalised.length() - 3);
    }
}
