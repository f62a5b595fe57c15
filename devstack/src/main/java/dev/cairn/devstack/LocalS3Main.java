package dev.cairn.devstack;

/**
 * Entry point of the LocalS3 server process: {@code LocalS3Main <port>}. LocalS3 ships as a library without a main;
 * it is called reflectively so the devstack itself does not depend on it (its jars are only on the server's classpath).
 */
public final class LocalS3Main {

    private LocalS3Main() {}

    public static void main(String[] args) throws ReflectiveOperationException {
        Object builder = Class.forName("com.robothy.s3.rest.LocalS3")
                .getMethod("builder")
                .invoke(null);
        builder = builder.getClass().getMethod("port", int.class).invoke(builder, Integer.parseInt(args[0]));
        Object server = builder.getClass().getMethod("build").invoke(builder);
        server.getClass().getMethod("start").invoke(server);
        System.out.println("LocalS3 listening on 127.0.0.1:" + args[0]);
    }
}
