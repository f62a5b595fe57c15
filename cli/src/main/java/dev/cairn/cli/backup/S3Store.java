package dev.cairn.cli.backup;

import dev.cairn.cli.config.S3Options;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * One bucket through the AWS SDK: files up to 1 MiB and the parts of multipart uploads on a synchronous client
 * ({@code UNSIGNED-PAYLOAD}: each body is protected by its checksum headers), single PUTs of larger files through the
 * S3 Transfer Manager on an {@link S3AsyncClient} (no CRT), everything else (listings, HEADs, the manifest) on a plain
 * async client sharing the same Netty connection pool. Calls block unless they return a future.
 */
public final class S3Store implements AutoCloseable {

    /** Metadata key of the file's SHA-256 (hex) on every object a backup writes. */
    public static final String SHA256_METADATA = "sha256";

    private final String bucket;
    private final NioEventLoopGroup eventLoops;
    private final SdkAsyncHttpClient http;
    private final S3AsyncClient plain;
    private final S3AsyncClient multipart;
    private final S3TransferManager transfers;
    private final S3Client sync;
    private final long partSize;

    public S3Store(S3Options.Resolved s3, String bucket, int concurrency, long partSize) {
        this.bucket = bucket;
        this.partSize = partSize;
        // our own event loops, shut down without Netty's 2-second quiet period when the command ends
        this.eventLoops = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.http = NettyNioAsyncHttpClient.builder()
                .eventLoopGroup(SdkEventLoopGroup.create(eventLoops, NioSocketChannel::new))
                .maxConcurrency(Math.max(concurrency * 2, 16))
                .connectionAcquisitionTimeout(Duration.ofMinutes(2))
                .build();
        this.plain = builder(s3).build();
        this.multipart = builder(s3)
                .multipartEnabled(true)
                .multipartConfiguration(MultipartConfiguration.builder()
                        .thresholdInBytes(partSize)
                        .minimumPartSizeInBytes(partSize)
                        .build())
                .build();
        this.transfers = S3TransferManager.builder().s3Client(multipart).build();
        // small files and the parts of large ones: the synchronous client costs far less CPU per request than the
        // async pipeline, and it sends a byte array as it is
        S3ClientBuilder syncBuilder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2))
                        .build())
                .forcePathStyle(s3.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(6)
                                .build())
                        .addExecutionInterceptor(new NoExpectContinue()))
                .putAuthScheme(new UnsignedPayloadAuthScheme());
        if (s3.endpoint() != null) {
            syncBuilder.endpointOverride(s3.endpoint());
        }
        if (s3.region() != null) {
            syncBuilder.region(Region.of(s3.region()));
        }
        this.sync = syncBuilder.build();
    }

    private S3AsyncClientBuilder builder(S3Options.Resolved s3) {
        S3AsyncClientBuilder b = S3AsyncClient.builder()
                .httpClient(http)
                .forcePathStyle(s3.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(6)
                        .build()));
        if (s3.endpoint() != null) {
            b.endpointOverride(s3.endpoint());
        }
        if (s3.region() != null) {
            b.region(Region.of(s3.region()));
        }
        return b;
    }

    public String bucket() {
        return bucket;
    }

    /** Uploads of at least this size go in parts of this size. */
    public long partSize() {
        return partSize;
    }

    /** Fails (as a CLI error naming {@code --bucket} or the credentials) unless the bucket exists and is ours. */
    public void checkBucket() {
        // the synchronous client: a refused connection fails at once there, while the Netty pool can wait out its
        // whole acquisition timeout (two minutes) before it reports an S3 that is not listening
        try {
            sync.headBucket(b -> b.bucket(bucket));
        } catch (RuntimeException e) {
            throw S3Errors.toCli(e, "bucket " + bucket, bucket);
        }
    }

    /** Every key under {@code prefix} with its size. */
    public Map<String, Long> list(String prefix) {
        Map<String, Long> out = new HashMap<>();
        join(
                plain.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                        .contents()
                        .subscribe((S3Object o) -> out.put(o.key(), o.size())),
                "listing s3://" + bucket + "/" + prefix);
        return out;
    }

    /** The "folders" directly under {@code prefix} (common prefixes with delimiter '/'). */
    public List<String> folders(String prefix) {
        List<String> out = new ArrayList<>();
        join(
                plain.listObjectsV2Paginator(
                                b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
                        .commonPrefixes()
                        .subscribe((CommonPrefix p) -> out.add(p.prefix())),
                "listing s3://" + bucket + "/" + prefix);
        return out;
    }

    /** The object's metadata, with its checksum (S3's full-object CRC32C of a multipart upload), if it exists. */
    public CompletableFuture<Optional<HeadObjectResponse>> head(String key) {
        return plain.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED))
                .thenApply(Optional::of)
                .exceptionally(e -> {
                    if (S3Errors.unwrap(e) instanceof S3Exception s && s.statusCode() == 404) {
                        return Optional.empty();
                    }
                    throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
                });
    }

    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(plain.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBytes())
                    .join()
                    .asByteArray());
        } catch (RuntimeException e) {
            if (S3Errors.unwrap(e) instanceof NoSuchKeyException) {
                return Optional.empty();
            }
            throw S3Errors.toCli(e, "reading s3://" + bucket + "/" + key, bucket);
        }
    }

    /** Puts a small object (the manifest) with its checksums; {@code onlyIfAbsent} adds {@code If-None-Match: *}. */
    public PutObjectResponse put(String key, byte[] body, Digest digest, String contentType, boolean onlyIfAbsent) {
        PutObjectRequest.Builder r = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentMD5(digest.md5Base64())
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(digest.sha256Base64())
                .metadata(Map.of(SHA256_METADATA, digest.sha256Hex()));
        if (onlyIfAbsent) {
            r.ifNoneMatch("*");
        }
        return plain.putObject(r.build(), AsyncRequestBody.fromBytes(body)).join();
    }

    /**
     * Uploads {@code file} (at most the part size) to {@code key} in one PUT with Content-MD5 and
     * x-amz-checksum-sha256: S3 refuses a body that does not match them. Larger files go through
     * {@link MultipartUpload}.
     */
    public CompletableFuture<PutObjectResponse> upload(
            LocalFile file, String key, Digest digest, TransferListener progress) {
        PutObjectRequest.Builder r = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .metadata(Map.of(SHA256_METADATA, digest.sha256Hex()));
        if (digest.md5Base64() != null) {
            r.checksumAlgorithm(ChecksumAlgorithm.SHA256)
                    .contentMD5(digest.md5Base64())
                    .checksumSHA256(digest.sha256Base64());
        } else {
            r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        }
        return transfers
                .uploadFile(UploadFileRequest.builder()
                        .putObjectRequest(r.build())
                        .source(file.path())
                        .addTransferListener(progress)
                        .build())
                .completionFuture()
                .thenApply(done -> done.response());
    }

    /**
     * Uploads a small file's bytes (already read and hashed) in one PUT with Content-MD5 and x-amz-checksum-sha256:
     * S3 refuses a body that does not match them.
     */
    public PutObjectResponse putSmall(String key, byte[] body, Digest digest) {
        return sync.putObject(
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentMD5(digest.md5Base64())
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                        .checksumSHA256(digest.sha256Base64())
                        .metadata(Map.of(SHA256_METADATA, digest.sha256Hex()))
                        .build(),
                RequestBody.fromBytes(body));
    }

    /**
     * Starts a multipart upload whose object S3 will give a full-object CRC32C (checked against the one sent at
     * completion); returns its upload id.
     */
    public String startMultipart(String key) {
        return sync.createMultipartUpload(b -> b.bucket(bucket)
                        .key(key)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
                        .checksumType(ChecksumType.FULL_OBJECT))
                .uploadId();
    }

    /** Sends one part from {@code buffer[0, length)} with its CRC32C, which S3 checks against the body. */
    public CompletedPart uploadPart(String key, String uploadId, int number, byte[] buffer, int length, String crc32c) {
        UploadPartResponse r = sync.uploadPart(
                b -> b.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(number)
                        .contentLength((long) length)
                        .checksumCRC32C(crc32c),
                RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream"));
        return CompletedPart.builder()
                .partNumber(number)
                .eTag(r.eTag())
                .checksumCRC32C(crc32c)
                .build();
    }

    /** Completes the upload; S3 refuses it unless the parts, put together, have the full-object CRC32C given. */
    public CompleteMultipartUploadResponse completeMultipart(
            String key, String uploadId, List<CompletedPart> parts, String crc32c) {
        return sync.completeMultipartUpload(b -> b.bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .checksumCRC32C(crc32c)
                .checksumType(ChecksumType.FULL_OBJECT)
                .multipartUpload(m -> m.parts(parts)));
    }

    /** Aborts an upload that failed (its parts would otherwise be kept, and billed, until a lifecycle rule ends them). */
    public void abortMultipart(String key, String uploadId) {
        try {
            sync.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            // best effort: the upload's own failure is what gets reported
        }
    }

    /**
     * Small bodies go without {@code Expect: 100-continue}: waiting for the server's go-ahead costs a round trip per
     * file and saves nothing when the whole body is a few KiB.
     */
    private static final class NoExpectContinue implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    }

    private <T> T join(CompletableFuture<T> f, String what) {
        try {
            return f.join();
        } catch (RuntimeException e) {
            throw S3Errors.toCli(e, what, bucket);
        }
    }

    @Override
    public void close() {
        sync.close();
        transfers.close();
        multipart.close();
        plain.close();
        http.close();
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
