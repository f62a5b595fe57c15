package dev.cairn.cli.backup;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 with {@code UNSIGNED-PAYLOAD} on a plain-HTTP endpoint too, as the SDK already does on HTTPS. Over http:// the
 * SDK signs every byte of a body (a SHA-256 pass over each upload, on top of the manifest's), yet every upload of a
 * backup carries a checksum S3 verifies, in a signed header: Content-MD5 and {@code x-amz-checksum-sha256} for one
 * PUT, {@code x-amz-checksum-crc32c} for each part. The request is signed as if it went over https (the scheme is not
 * part of a SigV4 signature) and sent as it is. Requests on the default ports 80/443 are signed the SDK's way: there
 * the Host header the signature covers would change with the scheme.
 */
final class UnsignedPayloadAuthScheme implements AuthScheme<AwsCredentialsIdentity> {

    private final AwsV4AuthScheme sigv4 = AwsV4AuthScheme.create();

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return sigv4.identityProvider(providers);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
        AwsV4HttpSigner signer = sigv4.signer();
        return new HttpSigner<>() {
            @Override
            public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
                return signUnsigned(signer, request);
            }

            @Override
            public CompletableFuture<AsyncSignedRequest> signAsync(
                    AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
                return signer.signAsync(request);
            }
        };
    }

    static boolean applies(SdkHttpRequest request) {
        return "http".equals(request.protocol()) && request.port() != 80 && request.port() != 443;
    }

    private static <T extends AwsCredentialsIdentity> SignedRequest signUnsigned(
            AwsV4HttpSigner signer, SignRequest<T> request) {
        if (!applies(request.request())) {
            return signer.sign(request);
        }
        SignedRequest signed = signer.sign(request.copy(
                b -> b.request(request.request().toBuilder().protocol("https").build())
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
        return signed.copy(
                b -> b.request(signed.request().toBuilder().protocol("http").build()));
    }
}
