package no.varde.ingest.mqtt;

import io.vertx.mqtt.MqttEndpoint;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Reads the device id (subject CN) of a verified client certificate, if the device presented one. */
final class ClientCertificates {
    private ClientCertificates() {
    }

    /** The CN of the verified peer certificate; null over plain TCP or without a client certificate. */
    static String commonName(MqttEndpoint endpoint) {
        if (!endpoint.isSsl()) {
            return null;
        }
        SSLSession session = endpoint.sslSession();
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
                return null;
            }
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
