/** The Gatehouse JDBC driver. Its public API is {@code java.sql}; everything here is internal. */
package dev.gatehouse.driver;
